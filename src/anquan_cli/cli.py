"""The command line: parse arguments, call the core, render. Nothing else lives here."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import labels, progress, query, status, views
from .catalogue import REPORTING_KINDS, Catalogue, shipped_data_dir
from .dates import parse_period
from .errors import EXIT_BUG, EXIT_USER_ERROR, AnquanError, DataError, UsageError
from .index import IndexedData, default_cache_dir
from .labels import LANGS, Labels, message
from .notices import alias_of, load_workspace_catalogue
from .render import FORMATS, Listing, emit, local_minutes
from .rollup import Rollup
from .units import UnitIndex

if TYPE_CHECKING:
    from .export import TaskRow, WorkbookFigures
    from .recording import Clock, TaskLog
    from .report import Card, Counts, Figure, TaskFigures

    Figures = tuple[Figure, ...]
    from .supervision import Supervision
    from .warning_rules import UnitWarning

F = TypeVar("F", bound=Callable[..., Any])
_A = TypeVar("_A")  # what the index keeps of a task per day


# ── the language of help and of click's own messages ──


def _install_click_texts() -> None:
    """click marks its words (usage errors, help headings) for gettext; route them through
    labels instead, so they follow --lang without a gettext catalogue."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(module, "_"):
            module._ = labels.click_text  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = labels.click_ntext  # type: ignore[attr-defined]


_install_click_texts()


def early_language(args: list[str]) -> str:
    """--lang (or ANQUAN_LANG) read before click parses anything: help and click's own
    errors are built during parsing, before the group's callback runs."""
    lang = os.environ.get("ANQUAN_LANG") or "zh"
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            lang = args[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in LANGS else "zh"


class AnquanOption(click.Option):
    """An option whose help is a message key (labels._MESSAGES), shown in the run's language."""

    @property
    def help(self) -> str | None:
        return message(self._help_key) if self._help_key else None

    @help.setter
    def help(self, key: str | None) -> None:
        self._help_key = key


option = functools.partial(click.option, cls=AnquanOption)


class AnquanHelpFormatter(click.HelpFormatter):
    """click wraps help by characters; Chinese takes two columns each and a name such as
    ANQUAN_DATA must not be cut: wrap by display width, between atoms, as tables do."""

    def write_text(self, text: str) -> None:
        from .render import wrap_cell

        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 11)
        paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
        self.write("\n\n".join("\n".join(indent + line for line in wrap_cell(p, width, prose=True)) for p in paragraphs) + "\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        from .render import display_width, wrap_cell

        rows = list(rows)
        first = min(max((display_width(r[0]) for r in rows), default=0), col_max)
        width = max(self.width - self.current_indent - first - col_spacing, 10)
        for term, definition in rows:
            self.write(" " * self.current_indent + term)
            lines = wrap_cell(" ".join(definition.split()), width, prose=True) if definition else []
            if not lines:
                self.write("\n")
                continue
            if display_width(term) <= first:
                self.write(" " * (first - display_width(term) + col_spacing) + lines[0] + "\n")
                lines = lines[1:]
            else:
                self.write("\n")
            for line in lines:
                self.write(" " * (self.current_indent + first + col_spacing) + line + "\n")


class AnquanContext(click.Context):
    formatter_class = AnquanHelpFormatter


def _translated_help_option(option: click.Option | None) -> click.Option | None:
    """click builds --help's own option once and keeps it: give it the current language."""
    if option is not None:
        option.help = labels.click_text("Show this message and exit.")
    return option


# Commands that read no catalogue, or (audit) every file whatever its notice: --notice would mean nothing there.
_WITHOUT_NOTICE = ("init", "draft", "schema", "audit")


class AnquanCommand(click.Command):
    """A command whose help is the message `help_<name>`; its docstring documents the code.
    Every command that reads the catalogue takes --notice: one notice of a workspace of several."""

    context_class = AnquanContext

    def __init__(self, name: str | None, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        if name not in _WITHOUT_NOTICE:
            self.params.append(
                AnquanOption(
                    ["--notice"],
                    metavar="NOTICE",
                    envvar="ANQUAN_NOTICE",
                    expose_value=False,
                    callback=_choose_notice,
                    shell_complete=_complete_notices,
                    help="help_opt_notice",
                )
            )

    @property
    def help(self) -> str:
        return message("help_" + self.name.replace("-", "_")) if self.name else ""

    @help.setter
    def help(self, docstring: str | None) -> None:
        pass

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _translated_help_option(super().get_help_option(ctx))

    def invoke(self, ctx: click.Context) -> Any:
        state = ctx.find_object(State)
        if self.name in _WITHOUT_NOTICE and state is not None:
            if ctx.meta.get(_NOTICE_TYPED_KEY):  # typed before the command
                raise UsageError(message("notice_means_nothing", command=self.name))
            state.notice = None  # ANQUAN_NOTICE, a standing choice, does not apply here
        return super().invoke(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.help.split("\n")[0].strip()


def _choose_notice(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """--notice, given before the command (to the group: kept until the state exists) or after it."""
    if value is not None:
        if ctx.get_parameter_source(param.name or "") == click.core.ParameterSource.COMMANDLINE:
            ctx.meta[_NOTICE_TYPED_KEY] = True  # ANQUAN_NOTICE is a standing choice; only a typed one is refused
        state = ctx.find_object(State)
        if state is None:
            ctx.meta[_NOTICE_KEY] = value
        else:
            state.notice = value


_NOTICE_KEY = "anquan.notice"
_NOTICE_TYPED_KEY = "anquan.notice_typed"


def _quiet_closed_pipe() -> None:
    """The reader went away (`anquan calendar | head -1`): send whatever is still buffered,
    and everything later, to nowhere, so that no flush at exit fails and turns success into 1."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor (a test's captured stdout)
        pass


class State:
    """What every command shares: where the data is, the language, the loaded catalogue."""

    def __init__(self, data_dir: Path | None, lang: str, *, use_cache: bool = True) -> None:
        self.explicit_data = data_dir
        self.data = open_data(data_dir, use_cache=use_cache)
        self.data_dir = self.data.root
        # no --data and no workspace around: the shipped catalogue, which has no progress
        self.shipped = data_dir is None and self.data_dir == shipped_data_dir()
        self.labels = Labels(lang)
        self._progress: progress.Progress | None = None
        self._warned = False  # skipped entries are reported once
        self._rollups: dict[dt.date, Rollup] = {}
        self._states: dict[dt.date, dict[str, status.TaskState]] = {}
        self._progress_until: dict[dt.date, progress.Progress] = {}  # the entries up to a day, as the index selects them
        self._task_logs: dict[str, TaskLog] = {}  # what a write read of its task: a run writes once, after reading
        self.notice: str | None = None  # --notice: one notice of a workspace of several
        self._chosen: Catalogue | None = None

    @property
    def catalogue(self) -> Catalogue:
        """The workspace's catalogue: every notice's, or the one --notice names."""
        whole = self.data.catalogue()
        if self.notice is None:
            return whole
        if self._chosen is None:
            from .notices import notice_of

            self._chosen = notice_of(whole, self.notice)
        return self._chosen

    @property
    def progress_log(self) -> progress.Progress:
        """Every unit's entries; skipped entries are reported once, on stderr."""
        if self._progress is None:
            self._progress = self._reported(self.data.progress())
        return self._progress

    def progress_until(self, as_of: dt.date) -> progress.Progress:
        """The entries dated on or before `as_of` (all that a roll-up as of that day reads),
        selected by the index: the whole log when it is loaded already."""
        if self._progress is not None:
            return self._progress
        found = self._progress_until.get(as_of)
        if found is None:
            found = self._progress_until[as_of] = self._reported(self.data.progress(until=as_of))
        return found

    def task_log(self, task_id: str) -> TaskLog:
        """What a write on one task reads (`task_id` as the catalogue keys it): its entries and
        the workspace's latest moment, from the index without loading every entry, else from
        the whole log."""
        from . import recording

        found = self._task_logs.get(task_id)  # `correct` reads it, then the update it records
        if found is None:
            selected = self.data.task_log(task_id) if self._progress is None and self.notice is None else None
            if selected is None:
                found = recording.task_log(self.progress_log, task_id)
            else:
                warnings, rows, latest = selected
                self._reported(progress.Progress([], warnings))  # the same warnings as the whole log's
                found = recording.TaskLog(task_id, rows, latest)
            self._task_logs[task_id] = found
        return found

    def _reported(self, log: progress.Progress) -> progress.Progress:
        if self.notice is not None:  # the entries on the chosen notice's tasks
            log = progress.about_tasks(log, self.catalogue.tasks)
        if not self._warned:
            self._warned = True
            if self.shipped:  # never report zero progress as if it were a workspace's
                say(message("shipped_catalogue_notice"))
            warnings = sorted(log.warnings)  # in the order validate reports them
            for problem in warnings[:MAX_PROBLEMS_SHOWN]:
                say(f"{self.labels('skipped_warning')}{problem}")
            if len(warnings) > MAX_PROBLEMS_SHOWN:
                say(f"{self.labels('skipped_warning')}{labels.message('more_problems', n=len(warnings) - MAX_PROBLEMS_SHOWN)}")
        return log

    def use_audited_progress(self) -> None:
        """--audited: from here on, count only the entries that pass `anquan audit`."""
        from . import audit

        self._progress = audit.audited_progress(progress.require_workspace(self.data_dir), self.data.catalogue())
        if self.notice is not None:
            self._progress = progress.about_tasks(self._progress, self.catalogue.tasks)
        for problem in self._progress.warnings:
            say(f"{self.labels('skipped_warning')}{problem}")

    @property
    def supervision(self) -> Supervision:
        """The office's reporting cycle, 预警 rules and bulletin settings (supervision.yaml, local data)."""
        found = self.catalogue.supervision
        assert found is not None  # every catalogue loaded from files has one
        return found

    def warnings(self, as_of: dt.date, task_ids: list[str]) -> dict[str, UnitWarning]:
        from .warning_rules import evaluate

        return evaluate(self.catalogue, self.progress_until(as_of), self.supervision, as_of, task_ids, self.states(as_of))

    def states(self, as_of: dt.date) -> dict[str, status.TaskState]:
        """Every task's state as of the day (from the whole log up to the day: every task's
        entries are read in one pass), worked out once a run."""
        found = self._states.get(as_of)
        if found is None:
            found = self._states[as_of] = dict(Rollup(self.catalogue, self.progress_until(as_of), as_of))
        return found

    def figures(self, as_of: dt.date) -> dict[str, Figures]:
        """Each task's completion figures as of the day (report.task_figures)."""
        return {t: kept for t, (kept, _) in self._kept_figures(as_of, units=False).items()}

    def section_counts(self, as_of: dt.date) -> tuple[list[tuple[str, Counts]], Counts]:
        """Each section's counts over every task as of the day, and the total: added up from
        the figures the index keeps, in one query, else from the states."""
        from . import report

        if self._index_answers(as_of) and self.data.fill_day_figures(as_of, self._work_out(as_of, _figures_of_state)):
            rows = self.data.day_section_rows(as_of)
            if rows is not None:
                return report.section_tallies(self.catalogue, rows)
        figures, ids = self.figures(as_of), list(self.catalogue.tasks)
        return report.section_figure_counts(self.catalogue, figures, ids), report.total_figure_counts(figures, ids)

    def unit_counts(self, as_of: dt.date) -> dict[str, Counts]:
        """Each reporting unit's counts over its own figures on every task as of the day:
        summed by the index from the figures it keeps, else counted here."""
        from . import report

        if self._index_answers(as_of) and self.data.fill_day_figures(as_of, self._work_out(as_of, _figures_of_state)):
            tally = self.data.day_unit_tally(as_of)
            if tally is not None:
                return {unit: report.tally_counts(*totals) for unit, totals in tally.items()}
        return report.unit_counts(report.figures_by_unit(by_unit for _, by_unit in self._kept_figures(as_of, units=True).values()))

    def _index_answers(self, as_of: dt.date) -> bool:
        """Whether the index can answer for the day's figures: the log as the files have it
        (not --audited, not one notice of several), read through the index."""
        if self._progress is not None or self.notice is not None:
            return False
        return self.lazy_states(as_of).rows_of is not None  # says which entries are skipped, as every roll-up does

    def _work_out(self, as_of: dt.date, answer: Callable[[str, status.TaskState], _A]) -> Callable[[list[str]], dict[str, _A]]:
        """What works out `answer` (a task's id and state → what is kept of it) for the tasks the
        index does not keep it for, from their states: from their entries only for a few tasks;
        from the log up to the day, in one read, for most of them (a new day)."""

        def work_out(missing: list[str]) -> dict[str, _A]:
            many = len(missing) >= len(self.catalogue.tasks) // 2
            states: Mapping[str, status.TaskState] = self.states(as_of) if many else self.lazy_states(as_of).looking_at(missing)
            return {t: answer(t, states[t]) for t in missing}

        return work_out

    def kept_export_rows(self, as_of: dt.date) -> list[TaskRow] | None:
        """Every task's row of an export of every task (export.task_rows): kept in the index,
        and worked out only for what it does not keep; None when the index cannot answer so."""
        from . import export

        if not self._index_answers(as_of):
            return None
        cat, ids = self.catalogue, list(self.catalogue.tasks)
        summaries = self.data.day_states(as_of, ids, self._work_out(as_of, lambda t, state: export.task_summary(cat.tasks[t], state, as_of)))
        if summaries is None:
            return None
        cells = self.data.task_cells(export.CATALOGUE_CELLS, lambda: [export.catalogue_cells(cat, task, self.labels) for task in cat.tasks.values()])
        return None if cells is None else list(zip(cells, [summaries[t] for t in ids], strict=True))

    def task_rows(self, as_of: dt.date) -> list[TaskRow]:
        """Every task's row of an export of every task: kept in the index, else from the states."""
        from . import export

        kept = self.kept_export_rows(as_of)
        return export.task_rows(self.catalogue, self.states(as_of), as_of, self.labels) if kept is None else kept

    def workbook_figures(self, as_of: dt.date) -> WorkbookFigures:
        """The figures of the workbook of every task: each section's counts, the total, and each
        unit's progress with its 预警, as `progress` and `progress --by dept` show them."""
        from . import export, report

        sections, total = self.section_counts(as_of)
        units = report.unit_counts_progress(self.catalogue, self.unit_counts(as_of), self.cards(as_of))
        return export.WorkbookFigures(sections, total, units)

    def _kept_figures(self, as_of: dt.date, *, units: bool) -> dict[str, TaskFigures]:
        """Every task's figures (and by unit, where `units`): kept in the index per day and
        worked out only for the tasks whose entries changed since; else from the states."""
        from . import report

        ids = list(self.catalogue.tasks)
        if self._index_answers(as_of):
            kept = self.data.day_figures(as_of, ids, self._work_out(as_of, _figures_of_state), units=units)
            if kept is not None:
                return kept
        # every task's, from the log up to the day (without the figures by unit when not asked for)
        return self._work_out(as_of, _figures_of_state if units else lambda _, state: (report.task_figures(state), ()))(ids)

    def cards(self, as_of: dt.date) -> dict[str, Card]:
        """Each unit's 预警 (level, reasons) over every task as of the day: kept in the index
        while the log stays as it is."""

        def work_out() -> dict[str, Card]:  # every task's id only when they are not kept
            return {unit: (w.level, w.reasons) for unit, w in self.warnings(as_of, list(self.catalogue.tasks)).items()}

        kept = self.data.day_cards(as_of, work_out) if self._index_answers(as_of) else None
        return work_out() if kept is None else kept

    def bulletin_text(self, as_of: dt.date, options: str, work_out: Callable[[], str]) -> str:
        """A 调度通报's text as of the day (`options`: what else shapes it): kept in the index
        while the log stays as it is, as the 预警 are; else `work_out` makes it."""
        kept = self.data.day_bulletin(as_of, options, work_out) if self._index_answers(as_of) else None
        return work_out() if kept is None else kept

    def lazy_states(self, as_of: dt.date) -> Rollup:
        """Each task's state as of the day, worked out when a command asks for it: a listing
        of a few tasks works out only theirs, from only their entries (the index selects them)."""
        found = self._rollups.get(as_of)
        if found is None:
            selected = self.data.task_entries(as_of) if self._progress is None else None
            if selected is None:
                found = Rollup(self.catalogue, self.progress_until(as_of), as_of)
            else:
                warnings, rows_of = selected
                found = Rollup(self.catalogue, self._reported(progress.Progress([], warnings)), as_of, rows_of=rows_of)
            self._rollups[as_of] = found
        return found

    def status_of(self, as_of: dt.date, unit: str | None = None, among: list[str] | None = None) -> query.StatusOf:
        """Each occurrence's status for a listing: a reporting unit's own, else the county's.
        `among`: the tasks the listing looks at (the index's candidates for its filters)."""
        own = unit if unit is not None and self.catalogue.units[unit].kind in REPORTING_KINDS else None
        return status.occurrence_status(self.unit_states(as_of, own, among), self.catalogue, own)

    def unit_states(self, as_of: dt.date, unit: str | None, among: list[str] | None = None) -> Rollup:
        """The states a listing looks at: of `among`, else of the tasks that name `unit`."""
        states = self.lazy_states(as_of)
        if among is None and unit is not None:
            among = self.candidates(unit=unit)
        return states if among is None else states.looking_at(among)

    def sent_back_states(self, as_of: dt.date, unit: str) -> Rollup:
        """The states of the tasks that name `unit` on which the office may have sent it back:
        those with a 退回 in the log, as the index tells (the others' states hold none)."""
        among = self.candidates(unit=unit)
        if among is not None and self._index_answers(as_of):
            among = self.data.tasks_with_entries("reject", among)
        return self.unit_states(as_of, unit, among)

    def candidates(self, *, unit: str | None = None, after: dt.date | None = None, before: dt.date | None = None, load: bool = True) -> list[str] | None:
        """The ids of the tasks a filter on `unit` or on a time-limit window can keep (the
        index chooses them; the filter still decides), or None: look at every task. `load`: as
        IndexedCatalogue.candidates."""
        choose = getattr(self.catalogue, "candidates", None)  # a catalogue served by the index
        if choose is None or (unit is None and after is None and before is None):
            return None
        found: list[str] = choose(unit=unit, after=after, before=before, load=load)
        return found

    def kept_due(self, as_of: dt.date, after: dt.date | None, before: dt.date | None) -> views.DueLinesKept | None:
        """The due cells and county statuses as of the day of the tasks with a time limit in the
        window, from the index (worked out only for what it does not keep yet); None when the
        index cannot answer so."""
        if not self._index_answers(as_of):
            return None
        cat = self.catalogue
        # the tasks with a time limit in the window, the window closed so that only those are
        ids = self.candidates(after=after or dt.date.min, before=before or dt.date.max, load=False)
        if ids is None:  # the catalogue read from its files (this run built the index)
            ids = query.dated_in_window(cat, after, before)
        cells = self.data.due_cells(ids, lambda missing: {t: views.due_cells(cat, cat.tasks[t], self.labels) for t in missing}, views.read_due_cells)
        if cells is None:
            return None
        keys = {t: views.due_occurrence_keys(cells[t]) for t in ids}  # what each task's kept statuses must be of
        statuses = self.data.day_occurrence_states(as_of, keys, self._work_out(as_of, lambda t, state: status.occurrence_statuses(cat.tasks[t], state)))
        return None if statuses is None else (cells, statuses)

    def unit(self, name: str | None) -> str | None:
        return None if name is None else UnitIndex(self.catalogue.units.values()).resolve(name)

    def day(self, text: str | None, *, end: bool, today: dt.date | None = None) -> dt.date | None:
        if text is None:
            return None
        today = today or dt.date.today()
        years = self.catalogue.notice.years  # a notice over several years: 6月底 is this year's, within them
        period = parse_period(text, today=today, year=today.year if today.year in years else self.catalogue.notice.year)
        return period.end if end else period.start


def _chosen_notice(state: State, cat: Catalogue) -> Catalogue:
    """`cat`, or the one notice of it that --notice names."""
    if state.notice is None:
        return cat
    from .notices import notice_of

    return notice_of(cat, state.notice)


def open_data(data_dir: Path | None, *, use_cache: bool) -> IndexedData:
    """The data a command reads: --data (or ANQUAN_DATA), else the workspace around the
    working directory, else the shipped catalogue; through the cache unless --no-cache."""
    root = data_dir or progress.find_workspace(Path.cwd()) or shipped_data_dir()
    return IndexedData(root, default_cache_dir() if use_cache else None, today=dt.date.today())


pass_state = click.make_pass_decorator(State)


def say(text: str, *, err: bool = True) -> None:
    """A message on one line (stderr by default), whatever the data it quotes holds."""
    from .render import one_line

    click.echo(one_line(text), err=err)


def _on_terminal() -> bool:
    """stdout is a terminal (not a pipe, a file, or missing, as under pythonw)."""
    return sys.stdout is not None and sys.stdout.isatty()


def output_options(f: F) -> F:
    """--format for every listing command: a table on a terminal, plain text in a pipe."""

    @option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="help_opt_format")
    @functools.wraps(f)
    def wrapper(*args: Any, fmt: str | None, **kwargs: Any) -> Any:
        return f(*args, fmt=fmt or ("table" if _on_terminal() else "plain"), **kwargs)

    return wrapper  # type: ignore[return-value]


def as_of_option(f: F) -> F:
    @option("--as-of", "as_of", metavar="DATE", default=None, help="help_opt_as_of")
    @functools.wraps(f)
    def wrapper(*args: Any, as_of: str | None, **kwargs: Any) -> Any:
        state = click.get_current_context().find_object(State)
        assert state is not None
        day = state.day(as_of, end=True) if as_of is not None else dt.date.today()
        return f(*args, as_of=day, **kwargs)

    return wrapper  # type: ignore[return-value]


def audited_option(f: F) -> F:
    return option("--audited", is_flag=True, help="help_opt_audited")(f)


def show(listing: Listing, fmt: str) -> None:
    if sys.stdout is None:  # pythonw: nowhere to show it (click.echo, too, writes nothing then)
        return
    state = click.get_current_context().find_object(State)
    if state is not None and fmt == "table":  # a table too wide shows units by their short names
        listing.short_names = {u.name: u.short for u in state.catalogue.units.values() if u.short and u.short != u.name}
    emit(listing, fmt, sys.stdout)


def _figures_of_state(_: str, state: status.TaskState) -> TaskFigures:
    """What the index keeps of a task per day for the progress tables: its figures, and by unit."""
    from . import report

    return report.task_figures(state), report.unit_task_figures(state)


def _refuse_alone(option: str, given: object, needs: str, other: object) -> None:
    """An option that means something only with another: refused, never silently ignored."""
    if given and other is None:
        raise UsageError(message("goes_with", option=option, needs=needs))


def _refuse_with(option: str, others: dict[str, object]) -> None:
    """Options that mean nothing together with `option`: refused, never silently ignored."""
    clashing = [name for name, value in others.items() if value is not None]
    if clashing:
        raise UsageError(message("cannot_combine", option=option, others=", ".join(clashing)))


# ── completion ──


def _completion_catalogue(ctx: click.Context) -> Catalogue | None:
    root = ctx.find_root()
    value = root.params.get("data_dir") or os.environ.get("ANQUAN_DATA")
    data = open_data(Path(value) if value else None, use_cache=not root.params.get("no_cache"))
    try:
        return data.catalogue()
    except AnquanError:
        return None
    finally:
        with contextlib.suppress(AnquanError):  # a refused cache write: completion stays quiet
            data.save()


def _complete_units(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    cat = _completion_catalogue(ctx)
    if cat is None:
        return []
    names = [n for u in cat.units.values() for n in (u.id, u.short)]
    return [n for n in names if n.startswith(incomplete)]


def _complete_tasks(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    cat = _completion_catalogue(ctx)
    if cat is None:
        return []
    from .notices import notice_of, plain_id

    chosen = ctx.meta.get(_NOTICE_KEY) or os.environ.get("ANQUAN_NOTICE")  # --notice, before or after the command
    if chosen:
        with contextlib.suppress(AnquanError):
            cat = notice_of(cat, chosen)
    ids = [*cat.tasks, *cat.clauses]
    # several notices: a plain id (5.3) is typed where one notice has it, so it completes too
    return [i for i in ids if i.startswith(incomplete)] or [i for i in ids if plain_id(i).startswith(incomplete)]


def _complete_notices(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    cat = _completion_catalogue(ctx)
    if cat is None or cat.workspace_notices is None:
        return []
    return [e.alias for e in cat.workspace_notices.notices if e.alias.startswith(incomplete)]


# ── the group ──


MAX_PROBLEMS_SHOWN = 100


class AnquanGroup(click.Group):
    """The one place where the project's errors become messages and exit codes."""

    command_class = AnquanCommand
    context_class = AnquanContext

    @property
    def help(self) -> str:
        return message("help_cli")

    @help.setter
    def help(self, docstring: str | None) -> None:
        pass

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _translated_help_option(super().get_help_option(ctx))

    def main(self, args: Any = None, *pos: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        labels.set_language(early_language(argv))
        return super().main(argv, *pos, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as exc:
            for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
                say(str(problem))
            if len(exc.problems) > MAX_PROBLEMS_SHOWN:  # millions of lines help no one
                say(labels.message("more_problems", n=len(exc.problems) - MAX_PROBLEMS_SHOWN))
            say(message("data_problems", n=len(exc.problems)))
            ctx.exit(exc.exit_code)
        except AnquanError as exc:
            say(message("error_prefix", text=exc))
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            _quiet_closed_pipe()
            ctx.exit(0)


@click.group("anquan", cls=AnquanGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="ANQUAN_DATA",
    help="help_opt_data",
)
@option("--lang", type=click.Choice(LANGS), envvar="ANQUAN_LANG", default="zh", show_default=True, help="help_opt_lang")
@option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    envvar="ANQUAN_NO_CACHE",
    help="help_opt_no_cache",
)
@option(
    "--notice", metavar="NOTICE", envvar="ANQUAN_NOTICE", expose_value=False, callback=_choose_notice, shell_complete=_complete_notices, help="help_opt_notice"
)
@click.version_option(package_name="anquan", cls=AnquanOption, help="help_opt_version")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, lang: str, no_cache: bool) -> None:
    """anquan: 陵政发〔2025〕1号 as tracked work — who owns what, what falls due when."""
    labels.set_language(lang)  # the language of labels.message, raised deep in the core
    ctx.obj = State(data_dir, lang, use_cache=not no_cache)
    ctx.obj.notice = ctx.meta.get(_NOTICE_KEY)
    ctx.call_on_close(functools.partial(_save_cache, ctx.obj.data))


def _save_cache(data: IndexedData) -> None:
    """The cache is written as the command ends, outside `AnquanGroup.invoke`: a refused write
    (a link planted where a cache file belongs) is reported here, in the same way."""
    try:
        data.save()
    except AnquanError as exc:
        say(f"anquan: error: {exc}")
        raise click.exceptions.Exit(exc.exit_code) from None


@cli.command()
@option("--strict", is_flag=True, help="help_validate_strict")
@option("--audit", "with_audit", is_flag=True, help="help_validate_audit")
@pass_state
def validate(state: State, strict: bool, with_audit: bool) -> None:
    """Check the catalogue: schema, references, verbatim quotes, time limits, coverage."""
    state.data.read_progress_ahead()  # decoded meanwhile, when large: the progress is read afresh too
    whole = load_workspace_catalogue(state.data_dir)  # read afresh, never from the cache: this is the check
    cat = _chosen_notice(state, whole)  # what is counted and listed: one notice's, with --notice
    L = state.labels
    cov = cat.coverage
    covered = cov.segments - len(cov.uncovered)
    click.echo(L("valid", tasks=len(cat.tasks), clauses=len(cat.clauses), units=len(cat.units)))
    for m in cat.notice_catalogues:  # several notices: each one's share
        n = m.notice
        click.echo(L("valid_notice", alias=alias_of(m), number=n.number, tasks=len(m.tasks), clauses=len(m.clauses)))
    click.echo(L("coverage", segments=cov.segments, covered=covered, percent=f"{cov.percent:.1f}%"))
    failing = strict and bool(cat.warnings or cat.reviews)  # then each is said once, as a problem, on stderr
    if cat.warnings:
        click.echo(L("warnings", n=len(cat.warnings)))
        for w in [] if failing else cat.warnings:
            say(str(w), err=False)
    if cat.reviews:  # a draft's inferred values: listed, and a failure only with --strict
        click.echo(message("review_count", n=len(cat.reviews)))
        for r in [] if failing else cat.reviews:
            say(str(r), err=False)
    if failing:
        raise DataError(cat.warnings + cat.reviews)
    if cat.supervision is not None:
        from .supervision import describe

        click.echo(describe(cat.supervision))
    if progress.is_workspace(state.data_dir):
        log = progress.load_progress(state.data_dir, whole, today=dt.date.today(), decoded=state.data.decoded_progress)  # every notice's entries
        if log.warnings:  # other commands skip bad entries with a warning; validate fails on them
            raise DataError(log.warnings)
        click.echo(L("progress_valid", entries=len(log.rows)))
        for note in log.set_aside:  # entries of a notice no longer tracked: history, not faults
            click.echo(str(note))
        from .people import check_people

        people_problems = check_people(state.data_dir, whole)
        if people_problems:
            raise DataError(people_problems)
    if cat.pending_tasks:
        click.echo(L("pending_count", n=len(cat.pending_tasks)))
    if with_audit:
        _audit(state, whole, "plain")


@cli.command("list")
@option("--dept", metavar="UNIT", shell_complete=_complete_units, help="help_opt_dept_filter")
@option("--direct", is_flag=True, help="help_list_direct")
@option("--section", metavar="N", help="help_list_section")
@option("--clause", metavar="S.C", help="help_list_clause")
@option("--tag", help="help_opt_tag")
@option("--has-deadline/--no-deadline", "has_deadline", default=None, help="help_list_has_deadline")
@option("--search", metavar="TEXT", help="help_list_search")
@option("--sort", type=click.Choice(query.SORTS), default="id", show_default=True, help="help_list_sort")
@output_options
@pass_state
def list_tasks(
    state: State,
    dept: str | None,
    direct: bool,
    section: str | None,
    clause: str | None,
    tag: str | None,
    has_deadline: bool | None,
    search: str | None,
    sort: str,
    fmt: str,
) -> None:
    """List tasks, filtered and sorted."""
    _refuse_alone("--direct", direct, "--dept UNIT", dept)
    cat = state.catalogue
    unit = state.unit(dept)
    tasks = query.filter_tasks(
        cat,
        unit=unit,
        direct=direct,
        section=section,
        clause=clause,
        tag=tag,
        has_deadline=has_deadline,
        search=search,
        among=state.candidates(unit=unit),
    )
    show(views.task_listing(cat, query.sort_tasks(tasks, sort), state.labels), fmt)


@cli.command("show")
@click.argument("item_id", metavar="ID", shell_complete=_complete_tasks)
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="help_show_format")
@as_of_option
@pass_state
def show_item(state: State, item_id: str, fmt: str, as_of: dt.date) -> None:
    """Show one task (5.3.2) or a whole clause (5.3) in full; in a workspace, with its progress.

    Example: anquan show 5.3.2
    """
    cat = state.catalogue
    key = item_id.strip()
    if key in cat.clauses:
        record, text = views.clause_record(cat, key), views.clause_detail(cat, key, state.labels)
    else:
        task = query.find_task(cat, key)
        record, text = query.task_record(cat, task), views.task_detail(cat, task, state.labels)
        if progress.is_workspace(state.data_dir):
            lines = views.progress_lines(cat, state.states(as_of)[task.id], state.labels)
            text += state.labels("progress_as_of", date=as_of.isoformat()) + "\n" + "\n".join(lines) + "\n"
    if fmt == "json":
        from .render import to_json

        click.echo(to_json(record), nl=False)
    else:
        from .render import safe_text

        click.echo(safe_text(text), nl=False)


@cli.command()
@option("--before", metavar="DATE", help="help_due_before")
@option("--after", metavar="DATE", help="help_due_after")
@option("--within", metavar="PERIOD", help="help_due_within")
@option("--overdue", is_flag=True, help="help_due_overdue")
@option("--undated", is_flag=True, help="help_due_undated")
@option("--dept", metavar="UNIT", shell_complete=_complete_units, help="help_opt_dept_due")
@option("--tag", help="help_opt_tag")
@as_of_option
@output_options
@pass_state
def due(
    state: State,
    before: str | None,
    after: str | None,
    within: str | None,
    overdue: bool,
    undated: bool,
    dept: str | None,
    tag: str | None,
    as_of: dt.date,
    fmt: str,
) -> None:
    """List deadlines by date, one row per occurrence."""
    if undated:
        _refuse_with("--undated", {"--before": before, "--after": after, "--within": within, "--overdue": overdue or None})
    cat = state.catalogue
    unit = state.unit(dept)
    if undated:
        tasks = query.filter_tasks(cat, unit=unit, tag=tag, has_deadline=False)
        show(views.undated_listing(cat, tasks, state.labels), fmt)
        return
    until = state.day(before, end=True, today=as_of)
    since = state.day(after, end=False, today=as_of)
    if within is not None:
        spec = within.strip()
        try:
            until_within = state.day(spec if spec[:1] in "+-" else "+" + spec, end=True, today=as_of)
        except UsageError:
            raise UsageError(message("within_unreadable", text=within)) from None
        until = min(until, until_within) if until and until_within else until_within
        since = max(since, as_of) if since else as_of
    kept = state.kept_due(as_of, since, until) if unit is None and tag is None else None
    if kept is not None:  # every unit's, from what the index keeps
        lines = views.kept_due_lines(*kept, as_of=as_of, after=since, before=until, overdue_only=overdue)
        show(views.due_lines_listing(cat, lines, state.labels), fmt)
        return
    among = state.candidates(unit=unit, after=since, before=until)
    items = query.due_items(
        cat, as_of=as_of, before=until, after=since, unit=unit, tag=tag, overdue_only=overdue, status_of=state.status_of(as_of, unit, among), among=among
    )
    show(views.due_listing(cat, items, state.labels), fmt)


@cli.command("notices")
@output_options
@pass_state
def notices_cmd(state: State, fmt: str) -> None:
    """The notices the workspace tracks, with their aliases and folders (notices.yaml)."""
    from .notices import notices_overview

    show(views.notices_listing(notices_overview(state.catalogue), state.labels), fmt)


@cli.command()
@click.argument("name", required=False, shell_complete=_complete_units)
@option("--direct", is_flag=True, help="help_dept_direct")
@as_of_option
@output_options
@pass_state
def dept(state: State, name: str | None, direct: bool, as_of: dt.date, fmt: str) -> None:
    """Without NAME: every unit with counts. With NAME: that unit's duties."""
    _refuse_alone("--direct", direct, "NAME", name)
    cat = state.catalogue
    if name is None:
        show(views.unit_overview_listing(cat, query.unit_counts(cat, as_of=as_of), state.labels), fmt)
        if cat.pending_tasks and fmt in ("table", "plain"):
            say(state.labels("pending_count", n=len(cat.pending_tasks)))
        return
    unit = state.unit(name)
    assert unit is not None
    duties = query.unit_duties(cat, unit, direct=direct, among=state.candidates(unit=unit))
    listing = views.duties_listing(cat, unit, duties, state.labels)
    if progress.is_workspace(state.data_dir):
        listing.notes += views.returned_notes(cat, state.sent_back_states(as_of, unit), unit, state.labels)
    show(listing, fmt)


@cli.command("calendar")
@option("--month", metavar="YYYY-MM", help="help_calendar_month")
@option("--dept", metavar="UNIT", shell_complete=_complete_units, help="help_opt_dept_due")
@as_of_option
@output_options
@pass_state
def calendar_cmd(state: State, month: str | None, dept: str | None, as_of: dt.date, fmt: str) -> None:
    """Month grids with deadline days marked [ ], each followed by its deadlines."""
    cat = state.catalogue
    unit = state.unit(dept)
    if month is not None:
        start, end = state.day(month, end=False, today=as_of), state.day(month, end=True, today=as_of)
    else:
        start = end = None
    items = query.due_items(cat, as_of=as_of, before=end, after=start, unit=unit, status_of=state.status_of(as_of, unit))
    months = sorted({(i.occurrence.date.year, i.occurrence.date.month) for i in items})
    if start is not None:
        months = [(start.year, start.month)]
    if fmt in ("json", "csv"):  # for scripts: one listing, no grids
        show(views.due_listing(cat, items, state.labels), fmt)
        return
    for year, mon in months:
        in_month = [i for i in items if (i.occurrence.date.year, i.occurrence.date.month) == (year, mon)]
        click.echo(views.month_grid(year, mon, {i.occurrence.date.day for i in in_month}, state.labels))
        listing = views.due_listing(cat, in_month, state.labels)
        listing.empty = state.labels("no_deadlines_month")
        show(listing, fmt)
        click.echo("")
    if not months:
        click.echo(state.labels("empty"))


# ── progress ──


def _not_reporting(cat: Catalogue, unit: str) -> UsageError:
    """A unit that reports nothing itself: name its members if it has any (a group), else
    say that it does not report (县安委办 supervises)."""
    members = cat.units[unit].members
    if members:
        return UsageError(message("not_reporting_group", name=cat.units[unit].name, members=labels.name_list([cat.units[m].name for m in members], 4)))
    return UsageError(message("not_reporting_dept", name=cat.units[unit].name))


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@pass_state
def init(state: State, directory: Path) -> None:
    """Create a workspace: a copy of the catalogue and an empty progress/ folder."""
    state.catalogue  # noqa: B018 - refuse to copy a catalogue that does not load
    progress.init_workspace(directory, state.data_dir)
    click.echo(state.labels("init_done", path=directory))


@cli.command("draft")
@click.argument("notice", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), metavar="DIR", help="help_draft_output")
@option("--force", is_flag=True, help="help_draft_force")
@option("--explain", is_flag=True, help="help_draft_explain")
@option("--into", type=click.Path(file_okay=False, exists=True, path_type=Path), metavar="WORKSPACE", help="help_draft_into")
@option("--alias", metavar="ALIAS", help="help_draft_alias")
@option("--dir", "folder", metavar="FOLDER", help="help_draft_dir")
@option("--home-alias", metavar="ALIAS", help="help_draft_home_alias")
@pass_state
def draft_cmd(
    state: State,
    notice: Path,
    output: Path | None,
    force: bool,
    explain: bool,
    into: Path | None,
    alias: str | None,
    folder: str | None,
    home_alias: str | None,
) -> None:
    """Draft a catalogue workspace from a notice (.txt, .docx, PDF); --explain shows what was read and why;
    --into adds it to a workspace that tracks another notice."""
    if into is not None:
        _refuse_with("--into", {"-o": output, "--force": force or None})
        if alias is None:
            raise UsageError(message("goes_with", option="--into", needs="--alias"))
    else:
        for name, value in (("--alias", alias), ("--dir", folder), ("--home-alias", home_alias)):
            _refuse_alone(name, value, "--into", into)
    if output is None and into is None and not explain:
        raise UsageError(message("draft_needs_output"))
    from .draft import draft_document  # docx and pypdf load only here, and only for such a file

    drafted = draft_document(notice)
    if explain:
        from .draft.explain import explain_lines

        for line in explain_lines(drafted):
            say(line, err=False)
    if into is not None:
        assert alias is not None
        _draft_into(drafted, into, alias, folder, home_alias)
        return
    if output is None:
        return
    from .draft.writing import check_draft, draft_files, write_draft, written_summary

    files = draft_files(drafted)
    try:
        check_draft(files, output)
    except DataError:
        say(message("draft_not_loadable"))
        raise
    write_draft(output, files, force=force)
    say(written_summary(output, drafted), err=False)


def _draft_into(drafted: Any, workspace: Path, alias: str, folder: str | None, home_alias: str | None) -> None:
    from .draft.joining import join_draft, write_joined

    joined = join_draft(drafted, workspace, alias=alias, folder=folder, home_alias=home_alias)
    write_joined(workspace, joined)
    reused = len(set(joined.matched.values()) - {u.id for u in joined.added})
    number = drafted.tasks_file.notice.number
    counts = {"tasks": drafted.task_count, "matched": reused, "added": len(joined.added), "reviews": drafted.review_count}
    text = message("join_written", alias=alias, number=number, folder=joined.folder, **counts)
    say(text, err=False)


def _write(state: State, entry: Any) -> None:
    root = progress.require_workspace(state.data_dir)
    stored = progress.stored_entry(state.catalogue, entry)  # naming its task by its notice, where there are several
    path = progress.append_entry(root, stored, state.catalogue.units[entry.unit].name)
    state.data.record_appended(path, stored)  # the next run then reads none of the file's lines
    say(state.labels("recorded", unit=state.catalogue.units[entry.unit].name, task=entry.task, status=entry.status, path=path), err=False)


def _clock() -> Clock:
    from . import recording  # only commands that write need it

    return recording.Clock(dt.date.today(), _now())


def period_option(f: F) -> F:
    return option("--period", metavar="PERIOD", help="help_opt_period")(f)


def _update(
    state: State,
    task_id: str,
    dept: str,
    status_text: str,
    percent: str | None,
    note: str | None,
    evidence: str | None,
    date_text: str | None,
    period: str | None,
    replaces: Any = None,
) -> None:
    from . import recording
    from .percents import parse_percent

    root = progress.require_workspace(state.data_dir)
    clock = _clock()
    unit = state.unit(dept)
    assert unit is not None
    progress.check_append_target(root, unit)  # a refused target is refused before anything is read
    whole = parse_percent(percent, "--percent") if percent is not None else None
    task = query.find_task(state.catalogue, task_id)
    log = state.task_log(task.id)
    entry = recording.new_update(
        state.catalogue,
        log,
        task_id=task.id,
        unit=unit,
        status=progress.parse_status(status_text),
        percent=whole.value if whole else None,
        note=note,
        evidence=evidence,
        date=state.day(date_text, end=True) or clock.today,
        period=period,
        clock=clock,
        replaces=replaces,
    )
    same = progress.recorded_duplicate(progress.entries_from_rows(log.rows), entry)
    if same is not None:  # as import does: the same report is recorded once
        name = state.catalogue.units[unit].name
        click.echo(message("duplicate_update", unit=name, task=entry.task, date=same.date, recorded=local_minutes(same.recorded_at)))
        return
    if whole is not None and whole.note:
        say(whole.note)
    _write(state, entry)


def update_options(f: F) -> F:
    for decorator in reversed(
        [
            click.argument("task_id", metavar="TASK", shell_complete=_complete_tasks),
            option("--dept", metavar="UNIT", required=True, shell_complete=_complete_units, help="help_update_dept"),
            option("--status", "status_text", required=True, metavar="STATUS", help="help_update_status"),
            option("--percent", metavar="PERCENT", help="help_update_percent"),
            option("--note", metavar="TEXT", help="help_update_note"),
            option("--evidence", metavar="PATH-OR-URL", help="help_update_evidence"),
            option("--date", "date_text", metavar="DATE", help="help_update_date"),
            period_option,
        ]
    ):
        f = decorator(f)
    return f


@cli.command()
@update_options
@pass_state
def update(
    state: State,
    task_id: str,
    dept: str,
    status_text: str,
    percent: str | None,
    note: str | None,
    evidence: str | None,
    date_text: str | None,
    period: str | None,
) -> None:
    """Record a unit's progress on one occurrence of a task (appended to progress/<unit>.yaml).

    Example: anquan update 1.1.2 --dept 应急局 --status 已完成 --period 2025H1 --date 2025-06-20
    """
    _update(state, task_id, dept, status_text, percent, note, evidence, date_text, period)


@cli.command()
@update_options
@option("--entry", "ref", metavar="TIME", help="help_correct_entry")
@pass_state
def correct(
    state: State,
    task_id: str,
    dept: str,
    status_text: str,
    percent: str | None,
    note: str | None,
    evidence: str | None,
    date_text: str | None,
    period: str | None,
    ref: str | None,
) -> None:
    """Correct a unit's own entry: a new entry that replaces it (both stay in `history`).

    Example: anquan correct 1.1.3 --dept 应急局 --status 推进中 --percent 40 --note 更正：误报已完成
    """
    from . import recording

    unit = state.unit(dept)
    assert unit is not None
    log = state.task_log(query.find_task(state.catalogue, task_id).id)
    replaced = recording.latest_own_entry(state.catalogue, log, task_id=task_id, unit=unit, period=period, ref=ref)
    _update(state, task_id, dept, status_text, percent, note, evidence, date_text, period or replaced.period, replaces=replaced.recorded_at)


@cli.command()
@click.argument("task_id", metavar="TASK", shell_complete=_complete_tasks)
@option("--dept", metavar="UNIT", required=True, shell_complete=_complete_units, help="help_withdraw_dept")
@option("--entry", "ref", metavar="TIME", help="help_withdraw_entry")
@option("--note", metavar="TEXT", help="help_withdraw_note")
@option("--date", "date_text", metavar="DATE", help="help_withdraw_date")
@period_option
@pass_state
def withdraw(state: State, task_id: str, dept: str, ref: str | None, note: str | None, date_text: str | None, period: str | None) -> None:
    """Withdraw a unit's own mistaken entry: it stays in the file and in `history`, and no longer counts.

    Example: anquan withdraw 1.1.3 --dept 应急局 --note 误报
    """
    from . import recording

    root = progress.require_workspace(state.data_dir)
    clock = _clock()
    unit = state.unit(dept)
    assert unit is not None
    progress.check_append_target(root, unit)
    log = state.task_log(query.find_task(state.catalogue, task_id).id)
    replaced = recording.latest_own_entry(state.catalogue, log, task_id=task_id, unit=unit, period=period, ref=ref)
    date = state.day(date_text, end=True) or clock.today
    _write(state, recording.new_withdrawal(state.catalogue, log, replaced=replaced, note=note, date=date, clock=clock))


def _office_action(state: State, kind: str, task_id: str, note: str | None, date_text: str | None, period: str | None = None, about: str | None = None) -> None:
    from . import recording

    root = progress.require_workspace(state.data_dir)
    clock = _clock()
    progress.check_append_target(root, progress.OFFICE)
    task = query.find_task(state.catalogue, task_id)
    entry = recording.new_office_action(
        state.catalogue,
        state.task_log(task.id),
        kind=kind,
        task_id=task.id,
        note=note,
        date=state.day(date_text, end=True) or clock.today,
        period=period,
        about=state.unit(about),
        clock=clock,
    )
    _write(state, entry)


@cli.command()
@click.argument("task_id", metavar="TASK", shell_complete=_complete_tasks)
@option("--note", metavar="TEXT", help="help_verify_note")
@option("--date", "date_text", metavar="DATE", help="help_verify_date")
@period_option
@pass_state
def verify(state: State, task_id: str, note: str | None, date_text: str | None, period: str | None) -> None:
    """县安委办: verify (销号) one occurrence that every reporting unit reports done.

    Example: anquan verify 1.1.2 --period 2025H1 --date 2025-07-01
    """
    _office_action(state, "verify", task_id, note, date_text, period)


@cli.command()
@click.argument("task_id", metavar="TASK", shell_complete=_complete_tasks)
@option("--note", metavar="TEXT", required=True, help="help_reject_note")
@option("--dept", "about", metavar="UNIT", shell_complete=_complete_units, help="help_reject_dept")
@option("--date", "date_text", metavar="DATE", help="help_reject_date")
@period_option
@pass_state
def reject(state: State, task_id: str, note: str, about: str | None, date_text: str | None, period: str | None) -> None:
    """县安委办: send back (退回) a unit's done report; it is 推进中 again, and sees the reason.

    Example: anquan reject 5.3.2 --dept 应急局 --note 佐证材料不全
    """
    _office_action(state, "reject", task_id, note, date_text, period, about)


@cli.command()
@click.argument("task_id", metavar="TASK", shell_complete=_complete_tasks)
@option("--note", metavar="TEXT", required=True, help="help_reopen_note")
@option("--date", "date_text", metavar="DATE", help="help_reopen_date")
@period_option
@pass_state
def reopen(state: State, task_id: str, note: str, date_text: str | None, period: str | None) -> None:
    """县安委办: reopen (撤销销号) a verified occurrence, so that units can report on it again.

    Example: anquan reopen 1.1.2 --period 2025H1 --note 核查发现会议记录缺失
    """
    _office_action(state, "reopen", task_id, note, date_text, period)


@cli.command()
@click.argument("task_id", metavar="TASK", shell_complete=_complete_tasks)
@option("--dept", "about", metavar="UNIT", required=True, shell_complete=_complete_units, help="help_card_dept")
@option("--level", type=click.Choice(["red", "yellow"]), required=True, help="help_card_level")
@option("--note", metavar="TEXT", required=True, help="help_card_note")
@option("--date", "date_text", metavar="DATE", help="help_card_date")
@pass_state
def card(state: State, task_id: str, about: str, level: str, note: str, date_text: str | None) -> None:
    """县安委办: a 红黄牌警告 on one unit, with its reason.

    Example: anquan card 2.3.1 --dept 住建局 --level yellow --note 整改不力
    """
    _office_action(state, f"{level}_card", task_id, note, date_text, about=about)


@cli.command()
@click.argument("task_id", metavar="TASK", shell_complete=_complete_tasks)
@option("--note", metavar="TEXT", required=True, help="help_trigger_note")
@option("--date", "date_text", metavar="DATE", help="help_trigger_date")
@pass_state
def trigger(state: State, task_id: str, note: str, date_text: str | None) -> None:
    """县安委办: record the event that starts a contingent measure (e.g. an accident for 1.5.5).

    Example: anquan trigger 1.5.5 --note 7月3日某企业发生一般生产安全事故 --date 2025-07-04
    """
    _office_action(state, "trigger", task_id, note, date_text)


@cli.command()
@click.argument("task_id", metavar="TASK", shell_complete=_complete_tasks)
@option("--dept", metavar="UNIT", shell_complete=_complete_units, help="help_history_dept")
@option("--as-of", "as_of", metavar="DATE", default=None, help="help_history_as_of")
@output_options
@pass_state
def history(state: State, task_id: str, dept: str | None, as_of: str | None, fmt: str) -> None:
    """Every progress entry of a task, in order."""
    task = query.find_task(state.catalogue, task_id)
    unit = state.unit(dept)
    until = state.day(as_of, end=True)
    rows = state.task_log(task.id).rows
    entries = [e for e in progress.entries_from_rows(rows) if (unit is None or e.unit == unit) and (until is None or e.date <= until)]
    show(views.history_listing(state.catalogue, entries, state.labels), fmt)


@cli.command("progress")
@option("--by", type=click.Choice(["section", "dept"]), default=None, help="help_progress_by")
@option("--section", metavar="N", help="help_progress_section")
@option("--dept", metavar="UNIT", shell_complete=_complete_units, help="help_progress_dept")
@audited_option
@as_of_option
@output_options
@pass_state
def progress_cmd(state: State, by: str | None, section: str | None, dept: str | None, audited: bool, as_of: dt.date, fmt: str) -> None:
    """Progress tables: by section (default), by unit, or a task × unit matrix."""
    from . import report

    if audited:
        state.use_audited_progress()
    if by is not None:
        _refuse_with("--by", {"--section": section, "--dept": dept})
    cat = state.catalogue
    unit = state.unit(dept)
    if unit is not None:
        ids = [t.id for t in query.reported_tasks(cat, unit, section=section)]
        if not ids and cat.units[unit].kind not in REPORTING_KINDS:
            raise _not_reporting(cat, unit)
        states = state.states(as_of)
        show(views.unit_matrix_listing(cat, states, status.unit_view(states, unit, cat), unit, ids, state.labels), fmt)
    elif section is not None:
        ids = [t.id for t in query.filter_tasks(cat, section=section)]
        show(views.matrix_listing(cat, state.states(as_of), ids, state.labels), fmt)
    elif by == "dept":
        show(views.unit_progress_listing(cat, report.unit_counts_progress(cat, state.unit_counts(as_of), state.cards(as_of)), state.labels), fmt)
    else:
        show(views.section_progress_listing(cat, *state.section_counts(as_of), state.labels), fmt)


@cli.command()
@option("--format", "fmt", type=click.Choice(["text", "markdown", "docx"]), default="text", show_default=True, help="help_summary_format")
@option("--brief", is_flag=True, help="help_summary_brief")
@option("--dept", metavar="UNIT", shell_complete=_complete_units, help="help_summary_dept")
@option("--number", type=click.IntRange(1, 9999), metavar="N", help="help_summary_number")
@option("--since", metavar="DATE", help="help_summary_since")
@option("--horizon", type=click.IntRange(1, 366), default=30, show_default=True, help="help_summary_horizon")
@option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="help_summary_output")
@audited_option
@as_of_option
@pass_state
def summary(
    state: State,
    fmt: str,
    brief: bool,
    dept: str | None,
    number: int | None,
    since: str | None,
    horizon: int,
    output: Path | None,
    audited: bool,
    as_of: dt.date,
) -> None:
    """The 调度通报: text to paste into a document, Markdown, a Word document (.docx, GB/T 9704), or --brief."""
    from .bulletin import content

    if brief and fmt != "text":
        raise UsageError(message("brief_is_text"))
    if fmt == "docx" and output is None:
        raise UsageError(message("docx_needs_output"))
    if audited:
        state.use_audited_progress()
    cat = state.catalogue
    unit = state.unit(dept)
    if unit is not None and cat.units[unit].kind not in REPORTING_KINDS:
        raise _not_reporting(cat, unit)  # a group, a collective, the office: it has no figures of its own
    since_day = state.day(since, end=True)

    def bulletin() -> content.Bulletin:
        ids = [t.id for t in query.filter_tasks(cat, unit=unit)]
        log = state.progress_until(as_of)  # a bulletin as of a day reads nothing dated after it
        return content.build(cat, log, state.supervision, as_of, task_ids=ids, unit=unit, number=number, since=since_day, horizon_days=horizon)

    def text() -> str:
        from .bulletin.text import render_brief, render_text

        made = bulletin()
        return render_brief(made, cat) if brief else render_text(made, cat, markdown=fmt == "markdown")

    data: str | bytes
    if fmt == "docx":
        from .bulletin.word import render_docx

        data = render_docx(bulletin(), cat)
    else:  # what else shapes the text, beside the day, the catalogue and the log
        import json

        shaped_by = [fmt, brief, unit, number, since_day.isoformat() if since_day else None, horizon]
        data = state.bulletin_text(as_of, json.dumps(shaped_by, ensure_ascii=False), text)
    if output is not None:
        _write_file(output, data if isinstance(data, bytes) else data.encode("utf-8"), state)
        click.echo(state.labels("exported", path=output))
        return
    from .render import safe_text

    assert isinstance(data, str)
    click.echo(safe_text(data), nl=False)


# ── exports, the Excel round trip, JSON Schemas ──


def _write_file(path: Path, data: bytes, state: State | None = None) -> None:
    """A whole file or nothing: never through a link, onto a device or a pipe, nor over the
    workspace's own data files (its progress, catalogue and local configuration)."""
    from .textfile import write_atomic

    if state is not None and progress.is_data_file(path, state.data_dir):
        raise UsageError(labels.message("write_own_file", path=path))
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise UsageError(message("cannot_write", path=path, reason=exc.strerror or exc)) from None


@cli.command("export")
@option("--format", "fmt", type=click.Choice(["json", "csv", "markdown", "xlsx", "ics", "breakdown"]), help="help_export_format")
@option("--dept", metavar="UNIT", shell_complete=_complete_units, help="help_export_dept")
@option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="help_export_output")
@option("--unit-sheets", is_flag=True, help="help_export_unit_sheets")
@option("--remind-days", type=click.IntRange(0, 366), metavar="N", help="help_export_remind_days")
@audited_option
@as_of_option
@pass_state
def export_cmd(
    state: State, fmt: str | None, dept: str | None, output: Path | None, unit_sheets: bool, remind_days: int | None, audited: bool, as_of: dt.date
) -> None:
    """Export the tasks with their status: json, csv, markdown, xlsx (工作台账) or ics (deadlines)."""
    from . import export

    if audited:
        state.use_audited_progress()

    if fmt is None:
        fmt = export.SUFFIXES.get(output.suffix.lower()) if output is not None else None
        if fmt is None:
            raise UsageError(message("choose_format"))
    if unit_sheets and (fmt != "xlsx" or dept is not None):
        raise UsageError(message("unit_sheets_needs"))
    if remind_days is not None and fmt != "ics":
        raise UsageError(message("remind_days_needs"))
    if fmt in (*export.BINARY_FORMATS, "breakdown") and output is None and _on_terminal():
        raise UsageError(message("binary_to_terminal", fmt=fmt))
    cat = state.catalogue
    unit = state.unit(dept)
    L = state.labels
    data: str | bytes
    if fmt == "csv" and unit is None:  # every task's row, as the index keeps them where it can
        _export_out(export.export_csv_rows(state.task_rows(as_of), L), output, state)
        return
    if fmt == "xlsx":
        _export_out(_workbook(state, unit, unit_sheets, as_of), output, state)
        return
    states = state.states(as_of)
    if fmt == "breakdown":
        from .breakdown import export_breakdown

        if cat.notice_catalogues:  # a 分工方案 is made for one notice
            raise UsageError(message("breakdown_one_notice"))
        data = export_breakdown(cat, L)
    elif fmt == "json":
        data = export.export_json(cat, states, as_of, unit)
    elif fmt == "csv":
        data = export.export_csv(cat, states, as_of, unit, L)
    elif fmt == "markdown":
        data = export.export_markdown(cat, states, as_of, unit, L)
    else:
        assert cat.supervision is not None
        days = cat.supervision.remind_days if remind_days is None else remind_days
        data = export.export_ics(cat, states, as_of, unit, L, remind_days=days, stamp=_now())
    _export_out(data, output, state)


def _workbook(state: State, unit: str | None, unit_sheets: bool, as_of: dt.date) -> bytes:
    """The 工作台账: of every task, its rows and figures as the index keeps them where it can;
    a unit's, from the states."""
    from . import export

    cat = state.catalogue
    if unit is None:
        states = state.states(as_of) if unit_sheets else None
        figures, rows = state.workbook_figures(as_of), state.task_rows(as_of)
        return export.export_xlsx(cat, as_of, None, state.labels, figures, rows=rows, states=states, unit_sheets=unit_sheets)
    if cat.units[unit].kind not in REPORTING_KINDS:
        raise UsageError(message("xlsx_not_reporting", name=cat.units[unit].name))
    states = state.states(as_of)
    figures = export.unit_workbook_figures(cat, states, as_of, unit, lambda ids: state.warnings(as_of, ids))
    return export.export_xlsx(cat, as_of, unit, state.labels, figures, states=states)


def _export_out(data: str | bytes, output: Path | None, state: State) -> None:
    if output is None:
        click.echo(data, nl=False)
        return
    _write_file(output, data.encode("utf-8") if isinstance(data, str) else data, state)
    click.echo(state.labels("exported", path=output))


@cli.command("import")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option("--partial", is_flag=True, help="help_import_partial")
@option("--dept", metavar="UNIT", shell_complete=_complete_units, help="help_import_dept")
@pass_state
def import_cmd(state: State, workbook: Path, partial: bool, dept: str | None) -> None:
    """Read a unit's filled-in 工作台账 (.xlsx or .xls, from export --format xlsx --dept UNIT) back as progress entries.

    One workbook reports for the one unit it was exported for. Example:

        anquan import 住建局.xlsx
    """
    from . import sheet_import
    from .workbooks import read_file

    root = progress.require_workspace(state.data_dir)
    cat = state.catalogue
    L = state.labels
    unit = state.unit(dept)
    data = read_file(workbook)
    if sheet_import.breakdown_book(data, workbook.name) is not None:
        _import_breakdown(state, root, data, workbook.name)
        return
    result = sheet_import.read_workbook(data, workbook.name, cat, log=state.progress_log, today=dt.date.today(), now=_now(), unit=unit)
    refused = result.refused
    for problem in result.problems:
        say(str(problem))
    if refused and not partial:
        raise UsageError(message("import_refused_nothing_written", n=len(refused), of=len(result.rows)))
    written: dict[str, int] = {}
    for row in result.rows:
        if row.entry is None:
            continue
        where = row.where
        for note in row.notes:
            say(f"{where}: {note}")
        if row.duplicate:
            say(L("import_duplicate", where=where, task=row.task), err=False)
            continue
        progress.append_entry(root, progress.stored_entry(cat, row.entry), cat.units[row.unit].name)
        written[row.unit] = written.get(row.unit, 0) + 1
        word = row.entry.status if L.lang == "zh" else L(progress.WORD_STATUS[row.entry.status])
        say(L("import_recorded", where=where, task=row.task, status=word, percent=row.entry.percent, date=row.entry.date.isoformat()), err=False)
    for unit_id, n in written.items():
        say(L("import_done", unit=cat.units[unit_id].name, n=n, path=Path(progress.PROGRESS_DIR) / f"{unit_id}.yaml"), err=False)
    if not result.rows:
        click.echo(L("import_nothing"))
    if result.blank:
        click.echo(L("import_blank", n=result.blank))
    if result.skipped:
        click.echo(message("import_other_sheets", n=result.skipped))
    if refused:
        raise UsageError(message("import_refused_partial", n=len(refused), of=len(result.rows), recorded=len(result.rows) - len(refused)))


def _import_breakdown(state: State, root: Path, data: bytes, name: str) -> None:
    """A filled-in 任务分解表 becomes the workspace's assignments.yaml, whole or not at all."""
    from . import breakdown, sheet_import
    from .assignments import ASSIGNMENTS_FILE
    from .textfile import refuse_unsafe_target, write_atomic

    book = sheet_import.breakdown_book(data, name)
    assert book is not None
    from .notices import notice_folder, notice_of

    cat = state.catalogue
    number = breakdown.workbook_number(book)
    if cat.notice_catalogues and number is not None and any(m.notice.number == number for m in cat.notice_catalogues):
        cat = notice_of(cat, number)  # a 分工方案 is one notice's: the one the sheet was made for
    result = breakdown.read_breakdown(book, name, cat)  # refused unless it is one notice's, this one
    parts = () if cat.notice_catalogues else Path(notice_folder(cat)).parts  # that notice's folder
    for n in range(1, len(parts) + 1):  # never written through a linked folder
        refuse_unsafe_target(root.joinpath(*parts[:n]), directory=True)
    folder = root.joinpath(*parts)
    if result.problems:
        raise DataError(result.problems)
    path = folder / ASSIGNMENTS_FILE
    write_atomic(path, breakdown.plan_text(result.entries, Path(name).stem).encode("utf-8"))
    cat = load_workspace_catalogue(root)  # the plan as written loads, or the error says where
    if cat.notice_catalogues and number is not None:
        cat = notice_of(cat, number)  # what is still 待分工 in this notice
    click.echo(state.labels("plan_written", path=path, n=len(result.entries), pending=len(cat.pending_tasks)))


@cli.command("schema")
@option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True, help="help_schema_output_dir")
@option("--print", "name", type=click.Choice(["tasks", "departments", "assignments", "supervision", "progress", "notices", "people"]), help="help_schema_print")
@pass_state
def schema_cmd(state: State, output_dir: Path, name: str | None) -> None:
    """JSON Schemas of tasks.yaml, departments.yaml, progress files and people.yaml, for editors and other tools."""
    from . import schema

    if name is not None:
        click.echo(schema.schema_text(name), nl=False)
        return
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(message("cannot_create", path=output_dir, reason=exc.strerror or exc)) from None
    for file_name, text in schema.all_schemas().items():
        _write_file(output_dir / file_name, text.encode("utf-8"), state)
        click.echo(state.labels("schema_written", path=output_dir / file_name))


# ── the audit: git history against people.yaml ──


def _audit(state: State, cat: Catalogue, fmt: str, since: str | None = None) -> None:
    """Run the audit, print its findings (one line each) and a summary; exit 2 on findings."""
    from . import audit
    from .render import one_line, to_json

    root = progress.require_workspace(state.data_dir)
    result = audit.run_audit(root, cat, since=since)
    if fmt == "json":
        records = {
            "honest": result.honest,
            "commits": result.commits,
            "entries": result.entries,
            "findings": [f.record() for f in result.findings],
            "uncommitted": [f.record() for f in result.notices],
        }
        click.echo(to_json(records), nl=False)
    else:
        for finding in result.findings:
            click.echo(one_line(str(finding)))
        for notice in result.notices:
            click.echo(one_line(str(notice)))
        if result.honest:
            click.echo(message("audit_passed", commits=result.commits, entries=result.entries))
        else:
            click.echo(message("audit_failed", commits=result.commits, findings=len(result.findings)))
        if result.notices:
            click.echo(message("audit_notices", n=len(result.notices)))
    if not result.honest:
        click.get_current_context().exit(EXIT_USER_ERROR)


@cli.command("audit")
@option("--since", metavar="COMMIT", help="help_audit_since")
@option("--format", "fmt", type=click.Choice(["plain", "json"]), default="plain", show_default=True, help="help_audit_format")
@pass_state
def audit_cmd(state: State, since: str | None, fmt: str) -> None:
    """Check the workspace's git history against people.yaml: who wrote what, signatures, append-only files.

    One line per finding (commit, author, file:line, what), then a summary; exit 2 when
    anything is found. Uncommitted lines are listed but do not fail the audit.

    Example (the office, after each pull): git pull && anquan audit --since ORIG_HEAD
    """
    _audit(state, load_workspace_catalogue(state.data_dir), fmt, since)  # the files and their history, whatever the notice


def main() -> None:
    """Entry point. User errors become messages in `AnquanGroup.invoke`; this adds the last
    guard: a bug ends in one line and exit status 1, a closed pipe quietly."""
    sys.exit(_run())


def script_main() -> None:
    """The `anquan` console script and `python -m anquan_cli`: `main`, then an exit without the
    interpreter's teardown (`_hard_exit`). Code that calls `main` in its own process keeps its
    SystemExit."""
    _hard_exit(_run())


def _run() -> int:
    """The command's exit status; everything it writes is written (and the index saved) by then."""
    # A short run that builds large, acyclic data (a catalogue, every progress entry): the
    # cyclic collector would only rescan it again and again, doubling load times. Reference
    # counting still frees everything that is dropped.
    gc.disable()
    try:
        try:
            cli.main(prog_name="anquan")
        finally:  # click exits through SystemExit: flush here, where a closed pipe is caught
            if sys.stdout is not None:  # None under pythonw (a shortcut, a scheduled task)
                sys.stdout.flush()
    except BrokenPipeError:
        _quiet_closed_pipe()  # the reader went away (`anquan list | head`): nothing to report
        return 0
    except SystemExit as exc:
        # click met the closed pipe itself (printing --help): it wraps stdout so, and chose 1
        if exc.code == 1 and type(sys.stdout).__name__.endswith("PacifyFlushWrapper"):
            _quiet_closed_pipe()
            return 0
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        say(str(exc.code))
        return 1
    except Exception as exc:  # a bug: say so briefly, no traceback for the user
        say(message("internal_error", kind=type(exc).__name__, text=exc))
        return EXIT_BUG
    return 0


def _hard_exit(status: int) -> None:
    """Exit without tearing the interpreter down, as mypy does (mypy.util.hard_exit): freeing
    every object of a large catalogue one by one costs a start's worth of time (10-20 ms on the
    shipped one), and nothing is left to do: the command's files are written and closed, the
    index committed. Only the standard streams' buffers remain, and are flushed here."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # none given (pythonw, a scheduled task): nothing was written to it
            continue
        with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream: nothing more can reach it
            stream.flush()
    os._exit(status)
