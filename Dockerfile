# Carnet in production: gunicorn behind a TLS-terminating proxy, PostgreSQL elsewhere.
#   docker build -t carnet .
#   docker run -e DATABASE_URL=postgres://... -e SECRET_KEY=... -e BASE_DOMAIN=crm.example.com \
#              -e HTTPS=true -p 8000:8000 carnet
# The background worker is a second container of the same image and environment (it runs the
# jobs the web container defers; start it after the web container has migrated, and let it be
# restarted if it exits, e.g. while the database is unreachable):
#   docker run --restart unless-stopped -e DATABASE_URL=postgres://... -e SECRET_KEY=... \
#              carnet python manage.py procrastinate worker
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HOST=0.0.0.0 \
    PORT=8000

WORKDIR /app
COPY pyproject.toml ./
RUN pip install . && useradd --create-home --uid 10001 carnet
COPY . .
# collectstatic needs settings but no database: give it a throwaway one it never connects to.
RUN DATABASE_URL=postgres://build@localhost/build SECRET_KEY=build \
    python manage.py collectstatic --noinput -v 0 \
 && chown -R carnet /app

USER carnet
EXPOSE 8000
# Migrations (public schema, the template schema, every workspace) run at start, then gunicorn.
CMD ["sh", "-c", "test -n \"$DATABASE_URL\" || { echo 'DATABASE_URL is required' >&2; exit 1; }; python manage.py migrate_workspaces && exec gunicorn -c gunicorn.conf.py crm_project.wsgi"]
