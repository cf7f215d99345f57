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
            registry.statistics("contact", statistics.compute)  # /contacts/statistics/
            registry.statistics_chart("opportunity", stage_time_chart)  # a chart of another app
            registry.dashboard_panel(DashboardPanel(...))       # a panel on the dashboard
            registry.object_tab("opportunity", ObjectTab(...))   # a tab beside list, statistics
            registry.first_step(FirstStep(...))                 # on an empty workspace's dashboard
            registry.demo(20, demo.seed)                        # seed_demo, in this order
            registry.record_section(RecordSection(...))         # a section on record pages
            registry.list_extension(ListExtension(...))          # a column and filter on lists
            registry.workspace_created(create_defaults)         # in each new workspace's schema
            registry.custom_values_purged(history_purge)        # a purged field's values elsewhere

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
# compute(request, query: records.statistics.StatisticsQuery) -> records.statistics.Statistics
StatisticsFunction = Callable[[Any, Any], Any]
# filters(request) -> {name: django.forms.Field}: more filters of a statistics page
StatisticsFilters = Callable[[Any], dict]
# chart(request, query) -> records.charts.Chart | None: a chart another app adds to a page
StatisticsChart = Callable[[Any, Any], Any]
# seed(*, workspace, rng, owners, counts) -> list[str] (lines of the report); runs in the schema
DemoFunction = Callable[..., list[str]]
# created() -> None; runs inside the new workspace's schema, in its creation's transaction
WorkspaceHook = Callable[[], None]
# purged(object_key, field_key) -> int: a purged custom field's values leave what an app keeps
# of them (the history), in the purge's transaction; returns how many rows changed
CustomValuesPurge = Callable[[str, str], int]


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


@dataclass(frozen=True)
class StatisticsContribution:
    """An object's statistics page: its figures and charts, and its own filters if any."""

    compute: StatisticsFunction
    filters: StatisticsFilters | None = None


@dataclass(frozen=True)
class DashboardPanel:
    """A panel of the dashboard (my tasks, my opportunities closing this month, the pipeline…).

    `context(request, object_settings)` returns the template's context, or None to show
    nothing. `provider` is the object key that contributes it: gone while it is disabled.
    Slots: "today" panels come first (order < 100: my tasks is 10, my opportunities 20),
    then the others.
    """

    name: str
    template: str
    context: Callable[[Any, Any], dict | None]
    provider: str = ""
    order: int = 100


@dataclass(frozen=True)
class ObjectTab:
    """A page in an object's sub-navigation, beside its list and statistics (the board)."""

    label: Any
    url_name: str  # e.g. "opportunities:board"
    order: int = 50


@dataclass(frozen=True)
class FirstStep:
    """A step of the "first steps" checklist of a new, empty workspace (set up a workflow,
    import a file…). `admin_only`: shown to administrators only. `provider`: see RecordSection.
    `done()`, run inside the workspace's schema, says whether the step is done (ticked)."""

    label: Any
    url_name: str
    description: Any = ""
    provider: str = ""
    admin_only: bool = False
    order: int = 100
    done: Callable[[], bool] | None = None


@dataclass(frozen=True)
class ListExtension:
    """A column and a filter another app adds to the lists of some objects (the next step,
    which activities knows and the object apps below it do not).

    `annotate(key)` returns {name: expression} for `key`'s list: computed for the rows of the
    page only, and only while the column is shown. `render(record)` is the cell's escaped HTML
    (it reads the annotation). `filter(key)` returns a django_filters.Filter added to `key`'s
    FilterSet under `name`, or None. `sort(key)`, when given, returns the expression the list
    sorts by (`?sort=name`, `-name` descending; nulls last both ways): the column's header
    then sorts.
    """

    name: str
    label: Any
    objects: tuple[str, ...]
    annotate: Callable[[str], dict]
    render: Callable[[Any], str]
    filter: Callable[[str], Any] | None = None
    order: int = 100
    sort: Callable[[str], Any] | None = None


@dataclass
class Registry:
    object_fields: dict[str, Any] = field(default_factory=dict)  # key -> records.ObjectFields
    searches: dict[str, SearchFunction] = field(default_factory=dict)
    dashboards: dict[str, DashboardFunction] = field(default_factory=dict)
    demos: list[tuple[int, DemoFunction]] = field(default_factory=list)
    record_sections: list[RecordSection] = field(default_factory=list)
    workspace_hooks: list[WorkspaceHook] = field(default_factory=list)
    statistics_pages: dict[str, StatisticsContribution] = field(default_factory=dict)
    dashboard_panels: list[DashboardPanel] = field(default_factory=list)
    object_tabs: dict[str, list[ObjectTab]] = field(default_factory=dict)
    first_steps: list[FirstStep] = field(default_factory=list)
    statistics_charts: dict[str, list[StatisticsChart]] = field(default_factory=dict)
    list_extensions: list[ListExtension] = field(default_factory=list)
    preview_sections: list[RecordSection] = field(default_factory=list)
    custom_value_purges: list[CustomValuesPurge] = field(default_factory=list)

    def fields(self, declaration) -> None:
        self.object_fields[declaration.key] = declaration

    def search(self, key: str, function: SearchFunction) -> None:
        self.searches[key] = function

    def dashboard(self, key: str, function: DashboardFunction) -> None:
        self.dashboards[key] = function

    def statistics(
        self, key: str, function: StatisticsFunction, filters: StatisticsFilters | None = None
    ) -> None:
        self.statistics_pages[key] = StatisticsContribution(function, filters)

    def statistics_chart(self, key: str, chart: StatisticsChart) -> None:
        """A chart another app adds to `key`'s statistics page (e.g. the time spent in each
        stage, which activities computes from its history): after the object's own charts."""
        charts = self.statistics_charts.setdefault(key, [])
        if chart not in charts:
            charts.append(chart)

    def list_extension(self, extension: ListExtension) -> None:
        self.list_extensions = sorted(
            [e for e in self.list_extensions if e.name != extension.name] + [extension],
            key=lambda e: e.order,
        )

    def list_extensions_for(self, key: str) -> list[ListExtension]:
        return [e for e in self.list_extensions if key in e.objects]

    def dashboard_panel(self, panel: DashboardPanel) -> None:
        self.dashboard_panels = sorted(
            [p for p in self.dashboard_panels if p.name != panel.name] + [panel],
            key=lambda p: p.order,
        )

    def object_tab(self, key: str, tab: ObjectTab) -> None:
        tabs = [t for t in self.object_tabs.get(key, []) if t.url_name != tab.url_name]
        self.object_tabs[key] = sorted([*tabs, tab], key=lambda t: t.order)

    def first_step(self, step: FirstStep) -> None:
        self.first_steps = sorted(
            [s for s in self.first_steps if s.url_name != step.url_name] + [step],
            key=lambda s: s.order,
        )

    def panels_for(self, object_settings) -> list[DashboardPanel]:
        """The dashboard panels whose provider is enabled."""
        return [
            panel
            for panel in self.dashboard_panels
            if not panel.provider or object_settings.is_enabled(panel.provider)
        ]

    def demo(self, order: int, function: DemoFunction) -> None:
        self.demos.append((order, function))
        self.demos.sort(key=lambda item: item[0])

    def record_section(self, section: RecordSection) -> None:
        self.record_sections = sorted(
            [s for s in self.record_sections if s.name != section.name] + [section],
            key=lambda s: s.order,
        )

    def preview_section(self, section: RecordSection) -> None:
        """A section of the record preview opened from a list (e.g. the next tasks)."""
        self.preview_sections = sorted(
            [s for s in self.preview_sections if s.name != section.name] + [section],
            key=lambda s: s.order,
        )

    def previews_for(self, key: str, object_settings) -> list[RecordSection]:
        """The sections of `key`'s record previews whose provider is enabled."""
        return [
            section
            for section in self.preview_sections
            if key in section.objects
            and (not section.provider or object_settings.is_enabled(section.provider))
        ]

    def workspace_created(self, hook: WorkspaceHook) -> None:
        if hook not in self.workspace_hooks:
            self.workspace_hooks.append(hook)

    def custom_values_purged(self, function: CustomValuesPurge) -> None:
        if function not in self.custom_value_purges:
            self.custom_value_purges.append(function)

    def sections_for(self, key: str, object_settings) -> list[RecordSection]:
        """The sections on `key`'s record pages whose provider is enabled."""
        return [
            section
            for section in self.record_sections
            if key in section.objects
            and (not section.provider or object_settings.is_enabled(section.provider))
        ]


registry = Registry()
