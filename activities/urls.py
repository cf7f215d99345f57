from django.urls import path

from activities import checklist_views, reminder_views, views

app_name = "activities"

urlpatterns = [
    path("notes/new/", views.note_create, name="note_create"),
    path("notes/<int:pk>/edit/", views.note_update, name="note_update"),
    path("notes/<int:pk>/pin/", views.note_pin, name="note_pin"),
    path("notes/<int:pk>/delete/", views.note_delete, name="note_delete"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/edit/", views.task_update, name="task_update"),
    path("tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("tasks/<int:pk>/reopen/", views.task_reopen, name="task_reopen"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("timeline/<str:ref>/", views.timeline, name="timeline"),
    path("preferences/", reminder_views.preferences, name="preferences"),
    path("checklists/new/", checklist_views.checklist_attach, name="checklist_attach"),
    path("checklists/<int:pk>/delete/", checklist_views.checklist_delete, name="checklist_delete"),
    path("checklists/items/<int:pk>/tick/", checklist_views.checklist_item_tick, name="item_tick"),
]

# Mounted at the root of a workspace host: /tasks/, /calendar/<token>.ics.
page_urlpatterns = [
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/statistics/", views.task_statistics, name="task_statistics"),
    path("calendar/<str:token>.ics", reminder_views.calendar_feed, name="calendar_feed"),
]
