"""What each app contributes to the shared pages, registered in its `AppConfig.ready()`.

Shared code (`workspaces/`, `records/`) never imports an object app: it asks this registry,
the way Django's admin asks the `admin.py` of each app. An object app registers, for its
object key ("organisation", "contact", "opportunity", "prospect"):

    from workspaces.registry import registry

    class ContactsConfig(AppConfig):
        def ready(self):
            from contacts import dashboard, demo, search
            registry.fields(CONTACT_FIELDS)                     # its fields (records.fields)
            registry.search("contact", search.search)          # global search
            registry.dashboard("contact", dashboard.figures)    # dashboard figures
            registry.demo(20, demo.seed)                        # seed_demo, in this order
            registry.record_section(RecordSection(...))         # a section on record pages
            registry.workspace_created(create_defaults)         # in each new workspace's schema

Contributions of an object are only asked while that object is enabled in the workspace; the
registry keeps the order of `workspaces.object_settings.OBJECT_TYPES` for objects, and the
given `order` for demo data and record sections.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# search(request, q, limit) -> list[SearchResult]
SearchFunction = Callable[[Any, str, int], list]
# figures(request) -> list[{"label", "value", "url"}]
DashboardFunction = Callable[[Any], list[dict]]
# seed(*, workspace, rng, owners, counts) -> list[str] (lines of the report); runs in the schema
DemoFunction = Callable[..., list[str]]
# created() -> None; runs inside the new workspace's schema, in its creation's transaction
WorkspaceHook = Callable[[], None]


@dataclass(frozen=True)
class RecordSection:
    """A section shown on the record pages of some objects (e.g. an organisation's contacts).

    `context(request, record, object_settings)` returns the template's context, or None to
    show nothing (e.g. no opportunity is linked and none may be added). `provider` is the
    object key that contributes the section: the section disappears while it is disabled.
    """

    name: str
    objects: tuple[str, ...]  # object keys whose record pages show it
    template: str
    context: Callable[[Any, Any, Any], dict | None]
    provider: str = ""
    order: int = 100


@dataclass
class Registry:
    object_fields: dict[str, Any] = field(default_factory=dict)  # key -> records.ObjectFields
    searches: dict[str, SearchFunction] = field(default_factory=dict)
    dashboards: dict[str, DashboardFunction] = field(default_factory=dict)
    demos: list[tuple[int, DemoFunction]] = field(default_factory=list)
    record_sections: list[RecordSection] = field(default_factory=list)
    workspace_hooks: list[WorkspaceHook] = field(default_factory=list)

    def fields(self, declaration) -> None:
        self.object_fields[declaration.key] = declaration

    def search(self, key: str, function: SearchFunction) -> None:
        self.searches[key] = function

    def dashboard(self, key: str, function: DashboardFunction) -> None:
        self.dashboards[key] = function

    def demo(self, order: int, function: DemoFunction) -> None:
        self.demos.append((order, function))
        self.demos.sort(key=lambda item: item[0])

    def record_section(self, section: RecordSection) -> None:
        self.record_sections = sorted(
            [s for s in self.record_sections if s.name != section.name] + [section],
            key=lambda s: s.order,
        )

    def workspace_created(self, hook: WorkspaceHook) -> None:
        if hook not in self.workspace_hooks:
            self.workspace_hooks.append(hook)

    def sections_for(self, key: str, object_settings) -> list[RecordSection]:
        """The sections on `key`'s record pages whose provider is enabled."""
        return [
            section
            for section in self.record_sections
            if key in section.objects
            and (not section.provider or object_settings.is_enabled(section.provider))
        ]


registry = Registry()
