"""The command line: parse arguments, call the core, render. Nothing else lives here."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import labels, progress, query, recording, report, status, views
from .cache import CachedData, default_cache_dir
from .catalogue import REPORTING_KINDS, Catalogue, load_catalogue, shipped_data_dir
from .dates import parse_period
from .errors import EXIT_BUG, EXIT_USER_ERROR, AnquanError, DataError, UsageError
from .labels import LANGS, Labels, message, set_language
from .render import FORMATS, Listing, emit
from .units import UnitIndex

F = TypeVar("F", bound=Callable[..., Any])


class State:
    """What every command shares: where the data is, the language, the loaded catalogue."""

    def __init__(self, data_dir: Path | None, lang: str, *, use_cache: bool = True) -> None:
        self.explicit_data = data_dir
        self.data = open_data(data_dir, use_cache=use_cache)
        self.data_dir = self.data.root
        self.labels = Labels(lang)
        self._progress: progress.Progress | None = None

    @property
    def catalogue(self) -> Catalogue:
        return self.data.catalogue()

    @property
    def progress_log(self) -> progress.Progress:
        """Every unit's entries; skipped entries are reported once, on stderr."""
        if self._progress is None:
            self._progress = self.data.progress()
            warnings = sorted(self._progress.warnings)  # in the order validate reports them
            for problem in warnings[:MAX_PROBLEMS_SHOWN]:
                say(f"{self.labels('skipped_warning')}{problem}")
            if len(warnings) > MAX_PROBLEMS_SHOWN:
                say(f"{self.labels('skipped_warning')}{labels.message('more_problems', n=len(warnings) - MAX_PROBLEMS_SHOWN)}")
        return self._progress

    def use_audited_progress(self) -> None:
        """--audited: from here on, count only the entries that pass `anquan audit`."""
        from . import audit

        self._progress = audit.audited_progress(progress.require_workspace(self.data_dir), self.catalogue)
        for problem in self._progress.warnings:
            say(f"{self.labels('skipped_warning')}{problem}")

    def states(self, as_of: dt.date) -> dict[str, status.TaskState]:
        return status.rollup(self.catalogue, self.progress_log, as_of)

    def status_of(self, as_of: dt.date, unit: str | None = None) -> query.StatusOf:
        """Each occurrence's status for a listing: a reporting unit's own, else the county's."""
        own = unit if unit is not None and self.catalogue.units[unit].kind in REPORTING_KINDS else None
        return status.occurrence_status(self.states(as_of), self.catalogue, own)

    def unit(self, name: str | None) -> str | None:
        return None if name is None else UnitIndex(self.catalogue.units.values()).resolve(name)

    def day(self, text: str | None, *, end: bool, today: dt.date | None = None) -> dt.date | None:
        if text is None:
            return None
        period = parse_period(text, today=today or dt.date.today(), year=self.catalogue.notice.year)
        return period.end if end else period.start


def open_data(data_dir: Path | None, *, use_cache: bool) -> CachedData:
    """The data a command reads: --data (or ANQUAN_DATA), else the workspace around the
    working directory, else the shipped catalogue; through the cache unless --no-cache."""
    root = data_dir or progress.find_workspace(Path.cwd()) or shipped_data_dir()
    return CachedData(root, default_cache_dir() if use_cache else None, today=dt.date.today())


pass_state = click.make_pass_decorator(State)


def say(message: str, *, err: bool = True) -> None:
    """A message on one line (stderr by default), whatever the data it quotes holds."""
    from .render import one_line

    click.echo(one_line(message), err=err)


def output_options(f: F) -> F:
    """--format for every listing command: a table on a terminal, plain text in a pipe."""

    @click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Output format (default: table on a terminal, plain otherwise).")
    @functools.wraps(f)
    def wrapper(*args: Any, fmt: str | None, **kwargs: Any) -> Any:
        return f(*args, fmt=fmt or ("table" if sys.stdout.isatty() else "plain"), **kwargs)

    return wrapper  # type: ignore[return-value]


def as_of_option(f: F) -> F:
    @click.option("--as-of", "as_of", metavar="DATE", default=None, help="The date that counts as today (default: today).")
    @functools.wraps(f)
    def wrapper(*args: Any, as_of: str | None, **kwargs: Any) -> Any:
        state = click.get_current_context().find_object(State)
        assert state is not None
        day = state.day(as_of, end=True) if as_of is not None else dt.date.today()
        return f(*args, as_of=day, **kwargs)

    return wrapper  # type: ignore[return-value]


def audited_option(f: F) -> F:
    return click.option("--audited", is_flag=True, help="Count only the entries that pass `anquan audit` (git history checked against people.yaml).")(f)


def show(listing: Listing, fmt: str) -> None:
    emit(listing, fmt, sys.stdout)


def _refuse_alone(option: str, given: object, needs: str, other: object) -> None:
    """An option that means something only with another: refused, never silently ignored."""
    if given and other is None:
        raise UsageError(f"{option} goes with {needs}")


def _refuse_with(option: str, others: dict[str, object]) -> None:
    """Options that mean nothing together with `option`: refused, never silently ignored."""
    clashing = [name for name, value in others.items() if value is not None]
    if clashing:
        raise UsageError(f"{option} cannot be combined with {', '.join(clashing)}")


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
    ids = [*cat.tasks, *cat.clauses]
    return [i for i in ids if i.startswith(incomplete)]


# ── the group ──


MAX_PROBLEMS_SHOWN = 100


class AnquanGroup(click.Group):
    """The one place where the project's errors become messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as exc:
            for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
                say(str(problem))
            if len(exc.problems) > MAX_PROBLEMS_SHOWN:  # millions of lines help no one
                say(labels.message("more_problems", n=len(exc.problems) - MAX_PROBLEMS_SHOWN))
            say(f"anquan: {len(exc.problems)} problem(s) in the data")
            ctx.exit(exc.exit_code)
        except AnquanError as exc:
            say(f"anquan: error: {exc}")
            ctx.exit(exc.exit_code)


@click.group(cls=AnquanGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="ANQUAN_DATA",
    help="Catalogue directory (tasks.yaml, departments.yaml, notice.txt). Env: ANQUAN_DATA. Default: the shipped catalogue.",
)
@click.option(
    "--lang", type=click.Choice(LANGS), envvar="ANQUAN_LANG", default="zh", show_default=True, help="Language of labels and messages. Env: ANQUAN_LANG."
)
@click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    envvar="ANQUAN_NO_CACHE",
    help="Read every file afresh; neither use nor write the cache (kept in the user cache dir, or ANQUAN_CACHE_DIR). Env: ANQUAN_NO_CACHE.",
)
@click.version_option(package_name="anquan")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, lang: str, no_cache: bool) -> None:
    """anquan: 陵政发〔2025〕1号 as tracked work — who owns what, what falls due when."""
    set_language(lang)  # the language of labels.message, raised deep in the core
    ctx.obj = State(data_dir, lang, use_cache=not no_cache)
    ctx.call_on_close(functools.partial(_save_cache, ctx.obj.data))


def _save_cache(data: CachedData) -> None:
    """The cache is written as the command ends, outside `AnquanGroup.invoke`: a refused write
    (a link planted where a cache file belongs) is reported here, in the same way."""
    try:
        data.save()
    except AnquanError as exc:
        say(f"anquan: error: {exc}")
        raise click.exceptions.Exit(exc.exit_code) from None


@cli.command()
@click.option("--strict", is_flag=True, help="Fail (exit 2) on warnings, such as notice sentences no task quotes.")
@click.option("--audit", "with_audit", is_flag=True, help="Also run `anquan audit`: the git history against people.yaml.")
@pass_state
def validate(state: State, strict: bool, with_audit: bool) -> None:
    """Check the catalogue: schema, references, verbatim quotes, time limits, coverage."""
    cat = load_catalogue(state.data_dir)  # read afresh, never from the cache: this is the check
    L = state.labels
    cov = cat.coverage
    covered = cov.segments - len(cov.uncovered)
    click.echo(L("valid", tasks=len(cat.tasks), clauses=len(cat.clauses), units=len(cat.units)))
    click.echo(L("coverage", segments=cov.segments, covered=covered, percent=f"{cov.percent:.1f}%"))
    if cat.warnings:
        click.echo(L("warnings", n=len(cat.warnings)))
        for w in cat.warnings:
            say(str(w), err=False)
        if strict:
            raise DataError(cat.warnings)
    if progress.is_workspace(state.data_dir):
        log = progress.load_progress(state.data_dir, cat, today=dt.date.today())
        if log.warnings:  # other commands skip bad entries with a warning; validate fails on them
            raise DataError(log.warnings)
        click.echo(L("progress_valid", entries=len(log.rows)))
        from .people import check_people

        people_problems = check_people(state.data_dir, cat)
        if people_problems:
            raise DataError(people_problems)
    if cat.pending_tasks:
        click.echo(L("pending_count", n=len(cat.pending_tasks)))
    if with_audit:
        _audit(state, cat, "plain")


@cli.command("list")
@click.option("--dept", metavar="UNIT", shell_complete=_complete_units, help="Only tasks of this unit (any name form).")
@click.option("--direct", is_flag=True, help="With --dept: only tasks the notice names the unit for literally.")
@click.option("--section", metavar="N", help="Only section N (1–6).")
@click.option("--clause", metavar="S.C", help="Only clause S.C, e.g. 5.3.")
@click.option("--tag", help="Only tasks with this tag.")
@click.option("--has-deadline/--no-deadline", "has_deadline", default=None, help="Only tasks with (or without) a stated deadline.")
@click.option("--search", metavar="TEXT", help="Only tasks whose title or text contains TEXT.")
@click.option("--sort", type=click.Choice(query.SORTS), default="id", show_default=True)
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
    tasks = query.filter_tasks(
        cat,
        unit=state.unit(dept),
        direct=direct,
        section=section,
        clause=clause,
        tag=tag,
        has_deadline=has_deadline,
        search=search,
    )
    show(views.task_listing(cat, query.sort_tasks(tasks, sort), state.labels), fmt)


@cli.command("show")
@click.argument("item_id", metavar="ID", shell_complete=_complete_tasks)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
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
@click.option("--before", metavar="DATE", help="Deadlines on or before DATE (2025-06-30, 2025-06, 6月底, 上半年 …).")
@click.option("--after", metavar="DATE", help="Deadlines on or after DATE.")
@click.option("--within", metavar="PERIOD", help="Deadlines from the as-of date to PERIOD later (30d, 2w, 3m).")
@click.option("--overdue", is_flag=True, help="Only deadlines passed and not done.")
@click.option("--undated", is_flag=True, help="List the tasks that state no deadline instead.")
@click.option("--dept", metavar="UNIT", shell_complete=_complete_units, help="Only this unit's deadlines.")
@click.option("--tag", help="Only tasks with this tag.")
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
            raise UsageError(f"cannot read --within {within!r}: use a number and d, w, m or y, e.g. 30d, 2w, 3m") from None
        until = min(until, until_within) if until and until_within else until_within
        since = max(since, as_of) if since else as_of
    items = query.due_items(
        cat, as_of=as_of, before=until, after=since, unit=unit, tag=tag, overdue_only=overdue, status_of=state.status_of(as_of, unit)
    )
    show(views.due_listing(cat, items, state.labels), fmt)


@cli.command()
@click.argument("name", required=False, shell_complete=_complete_units)
@click.option("--direct", is_flag=True, help="Only duties the notice names the unit for literally.")
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
    listing = views.duties_listing(cat, unit, query.unit_duties(cat, unit, direct=direct), state.labels)
    if progress.is_workspace(state.data_dir):
        listing.notes += views.returned_notes(cat, state.states(as_of), unit, state.labels)
    show(listing, fmt)


@cli.command("calendar")
@click.option("--month", metavar="YYYY-MM", help="Only this month (default: every month with deadlines).")
@click.option("--dept", metavar="UNIT", shell_complete=_complete_units, help="Only this unit's deadlines.")
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


def _write(state: State, entry: Any) -> None:
    root = progress.require_workspace(state.data_dir)
    path = progress.append_entry(root, entry, state.catalogue.units[entry.unit].name)
    say(state.labels("recorded", unit=state.catalogue.units[entry.unit].name, task=entry.task, status=entry.status, path=path), err=False)


def _clock() -> recording.Clock:
    return recording.Clock(dt.date.today(), _now())


def period_option(f: F) -> F:
    return click.option(
        "--period",
        metavar="PERIOD",
        help="The occurrence: 2025H1, 下半年, 2025Q3, E1 … (default: the one open at --date).",
    )(f)


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
    from .percents import parse_percent

    root = progress.require_workspace(state.data_dir)
    clock = _clock()
    unit = state.unit(dept)
    assert unit is not None
    progress.check_append_target(root, unit)  # a refused target is refused before anything is read
    whole = parse_percent(percent, "--percent") if percent is not None else None
    entry = recording.new_update(
        state.catalogue,
        state.progress_log,
        task_id=task_id,
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
    recording.refuse_repeat(state.catalogue, state.progress_log, entry)
    if whole is not None and whole.note:
        say(whole.note)
    _write(state, entry)


def update_options(f: F) -> F:
    for option in reversed(
        [
            click.argument("task_id", metavar="TASK", shell_complete=_complete_tasks),
            click.option("--dept", metavar="UNIT", required=True, shell_complete=_complete_units, help="The reporting unit (any name form)."),
            click.option("--status", "status_text", required=True, metavar="STATUS", help="未启动 | 推进中 | 已完成 (not_started | in_progress | done)."),
            click.option("--percent", metavar="PERCENT", help="Completion percent, 0–100 (45, 45.5 → 46, 50%; default: 推进中 keeps the last one)."),
            click.option("--note", metavar="TEXT", help="进展情况."),
            click.option("--evidence", metavar="PATH-OR-URL", help="佐证材料."),
            click.option("--date", "date_text", metavar="DATE", help="The day the progress is as of (default: today)."),
            period_option,
        ]
    ):
        f = option(f)
    return f


@cli.command()
@update_options
@pass_state
def update(
    state: State, task_id: str, dept: str, status_text: str, percent: str | None, note: str | None, evidence: str | None,
    date_text: str | None, period: str | None,
) -> None:
    """Record a unit's progress on one occurrence of a task (appended to progress/<unit>.yaml).

    Example: anquan update 1.1.2 --dept 应急局 --status 已完成 --period 2025H1 --date 2025-06-20
    """
    _update(state, task_id, dept, status_text, percent, note, evidence, date_text, period)


@cli.command()
@update_options
@click.option("--entry", "ref", metavar="TIME", help="The entry to correct, by the time `history` shows (default: the unit's latest).")
@pass_state
def correct(
    state: State, task_id: str, dept: str, status_text: str, percent: str | None, note: str | None, evidence: str | None,
    date_text: str | None, period: str | None, ref: str | None,
) -> None:
    """Correct a unit's own entry: a new entry that replaces it (both stay in `history`).

    Example: anquan correct 1.1.3 --dept 应急局 --status 推进中 --percent 40 --note 更正：误报已完成
    """
    unit = state.unit(dept)
    assert unit is not None
    replaced = recording.latest_own_entry(state.catalogue, state.progress_log, task_id=task_id, unit=unit, period=period, ref=ref)
    _update(state, task_id, dept, status_text, percent, note, evidence, date_text, period or replaced.period, replaces=replaced.recorded_at)


@cli.command()
@click.argument("task_id", metavar="TASK", shell_complete=_complete_tasks)
@click.option("--dept", metavar="UNIT", required=True, shell_complete=_complete_units, help="The unit whose entry it is.")
@click.option("--entry", "ref", metavar="TIME", help="The entry to withdraw, by the time `history` shows (default: the unit's latest).")
@click.option("--note", metavar="TEXT", help="Why (撤回原因).")
@click.option("--date", "date_text", metavar="DATE", help="From when the entry no longer counts (default: today).")
@period_option
@pass_state
def withdraw(state: State, task_id: str, dept: str, ref: str | None, note: str | None, date_text: str | None, period: str | None) -> None:
    """Withdraw a unit's own mistaken entry: it stays in the file and in `history`, and no longer counts.

    Example: anquan withdraw 1.1.3 --dept 应急局 --note 误报
    """
    root = progress.require_workspace(state.data_dir)
    clock = _clock()
    unit = state.unit(dept)
    assert unit is not None
    progress.check_append_target(root, unit)
    replaced = recording.latest_own_entry(state.catalogue, state.progress_log, task_id=task_id, unit=unit, period=period, ref=ref)
    date = state.day(date_text, end=True) or clock.today
    _write(state, recording.new_withdrawal(state.catalogue, state.progress_log, replaced=replaced, note=note, date=date, clock=clock))


def _office_action(state: State, kind: str, task_id: str, note: str | None, date_text: str | None, period: str | None = None, about: str | None = None) -> None:
    root = progress.require_workspace(state.data_dir)
    clock = _clock()
    progress.check_append_target(root, progress.OFFICE)
    entry = recording.new_office_action(
        state.catalogue,
        state.progress_log,
        kind=kind,
        task_id=task_id,
        note=note,
        date=state.day(date_text, end=True) or clock.today,
        period=period,
        about=state.unit(about),
        clock=clock,
    )
    _write(state, entry)


@cli.command()
@click.argument("task_id", metavar="TASK", shell_complete=_complete_tasks)
@click.option("--note", metavar="TEXT", help="核验意见.")
@click.option("--date", "date_text", metavar="DATE", help="Verification date (default: today).")
@period_option
@pass_state
def verify(state: State, task_id: str, note: str | None, date_text: str | None, period: str | None) -> None:
    """县安委办: verify (销号) one occurrence that every reporting unit reports done.

    Example: anquan verify 1.1.2 --period 2025H1 --date 2025-07-01
    """
    _office_action(state, "verify", task_id, note, date_text, period)


@cli.command()
@click.argument("task_id", metavar="TASK", shell_complete=_complete_tasks)
@click.option("--note", metavar="TEXT", required=True, help="退回原因 (required).")
@click.option("--dept", "about", metavar="UNIT", shell_complete=_complete_units, help="Send back this unit only (default: every unit that reported done).")
@click.option("--date", "date_text", metavar="DATE", help="Date of the decision (default: today).")
@period_option
@pass_state
def reject(state: State, task_id: str, note: str, about: str | None, date_text: str | None, period: str | None) -> None:
    """县安委办: send back (退回) a unit's done report; it is 推进中 again, and sees the reason.

    Example: anquan reject 5.3.2 --dept 应急局 --note 佐证材料不全
    """
    _office_action(state, "reject", task_id, note, date_text, period, about)


@cli.command()
@click.argument("task_id", metavar="TASK", shell_complete=_complete_tasks)
@click.option("--note", metavar="TEXT", required=True, help="撤销理由 (required).")
@click.option("--date", "date_text", metavar="DATE", help="Date of the decision (default: today).")
@period_option
@pass_state
def reopen(state: State, task_id: str, note: str, date_text: str | None, period: str | None) -> None:
    """县安委办: reopen (撤销销号) a verified occurrence, so that units can report on it again.

    Example: anquan reopen 1.1.2 --period 2025H1 --note 核查发现会议记录缺失
    """
    _office_action(state, "reopen", task_id, note, date_text, period)


@cli.command()
@click.argument("task_id", metavar="TASK", shell_complete=_complete_tasks)
@click.option("--note", metavar="TEXT", required=True, help="The event (事件情况, required).")
@click.option("--date", "date_text", metavar="DATE", help="The day of the event (default: today).")
@pass_state
def trigger(state: State, task_id: str, note: str, date_text: str | None) -> None:
    """县安委办: record the event that starts a contingent measure (e.g. an accident for 1.5.5).

    Example: anquan trigger 1.5.5 --note 7月3日某企业发生一般生产安全事故 --date 2025-07-04
    """
    _office_action(state, "trigger", task_id, note, date_text)


@cli.command()
@click.argument("task_id", metavar="TASK", shell_complete=_complete_tasks)
@output_options
@pass_state
def history(state: State, task_id: str, fmt: str) -> None:
    """Every progress entry of a task, in order."""
    task = query.find_task(state.catalogue, task_id)
    entries = state.progress_log.entries_of(task.id)
    show(views.history_listing(state.catalogue, entries, state.labels), fmt)


@cli.command("progress")
@click.option("--by", type=click.Choice(["section", "dept"]), default=None, help="Rows: sections (the default) or units.")
@click.option("--section", metavar="N", help="A task × unit matrix for section N.")
@click.option("--dept", metavar="UNIT", shell_complete=_complete_units, help="One unit's tasks with its own status.")
@audited_option
@as_of_option
@output_options
@pass_state
def progress_cmd(state: State, by: str | None, section: str | None, dept: str | None, audited: bool, as_of: dt.date, fmt: str) -> None:
    """Progress tables: by section (default), by unit, or a task × unit matrix."""
    if audited:
        state.use_audited_progress()
    if by is not None:
        _refuse_with("--by", {"--section": section, "--dept": dept})
    cat = state.catalogue
    states = state.states(as_of)
    unit = state.unit(dept)
    if unit is not None:
        ids = [t.id for t in query.reported_tasks(cat, unit, section=section)]
        if not ids and cat.units[unit].kind not in REPORTING_KINDS:
            raise UsageError(f"{cat.units[unit].name} does not report itself; ask for one of its members")
        show(views.unit_matrix_listing(cat, states, status.unit_view(states, unit, cat), unit, ids, state.labels), fmt)
    elif section is not None:
        ids = [t.id for t in query.filter_tasks(cat, section=section)]
        show(views.matrix_listing(cat, states, ids, state.labels), fmt)
    elif by == "dept":
        show(views.unit_progress_listing(cat, report.unit_progress(cat, states, as_of, list(cat.tasks)), state.labels), fmt)
    else:
        rows = report.section_counts(cat, states, list(cat.tasks))
        total = report.count_states(list(states.values()))
        show(views.section_progress_listing(cat, rows, total, state.labels), fmt)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@click.option("--dept", metavar="UNIT", shell_complete=_complete_units, help="Only this unit's tasks.")
@click.option("--horizon", type=click.IntRange(1, 366), default=30, show_default=True, help="Days ahead for 近期到期事项.")
@audited_option
@as_of_option
@pass_state
def summary(state: State, fmt: str, dept: str | None, horizon: int, audited: bool, as_of: dt.date) -> None:
    """The 调度通报: plain text (or Markdown) ready to paste into a document."""
    if audited:
        state.use_audited_progress()
    cat = state.catalogue
    unit = state.unit(dept)
    ids = [t.id for t in query.filter_tasks(cat, unit=unit)]
    text = report.summary_text(cat, state.states(as_of), as_of, task_ids=ids, unit=unit, markdown=fmt == "markdown", horizon_days=horizon)
    from .render import safe_text

    click.echo(safe_text(text), nl=False)


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
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


@cli.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "markdown", "xlsx", "ics", "breakdown"]),
    help="Output format (default: from the -o file's extension); breakdown: the 任务分解表 (xlsx) to divide the tasks.",
)
@click.option("--dept", metavar="UNIT", shell_complete=_complete_units, help="Only this unit's tasks; xlsx: the unit's own sheet to fill in and import.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write FILE (whole or not at all) instead of stdout.")
@click.option("--unit-sheets", is_flag=True, help="xlsx without --dept: add a fill-in sheet for every reporting unit.")
@click.option("--remind-days", type=click.IntRange(0, 366), metavar="N", help="ics: remind N days before each deadline (default: warnings.yellow_days).")
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
            raise UsageError("choose a format: --format json|csv|markdown|xlsx|ics (or -o FILE with one of those extensions)")
    if unit_sheets and (fmt != "xlsx" or dept is not None):
        raise UsageError("--unit-sheets goes with --format xlsx and no --dept")
    if remind_days is not None and fmt != "ics":
        raise UsageError("--remind-days goes with --format ics")
    if fmt in (*export.BINARY_FORMATS, "breakdown") and output is None and sys.stdout.isatty():
        raise UsageError(f"{fmt} is a binary file, not for a terminal: write it with -o FILE.{fmt} (or redirect stdout)")
    cat = state.catalogue
    unit = state.unit(dept)
    states = state.states(as_of)
    L = state.labels
    data: str | bytes
    if fmt == "breakdown":
        from .breakdown import export_breakdown

        data = export_breakdown(cat, L)
    elif fmt == "json":
        data = export.export_json(cat, states, as_of, unit)
    elif fmt == "csv":
        data = export.export_csv(cat, states, as_of, unit, L)
    elif fmt == "markdown":
        data = export.export_markdown(cat, states, as_of, unit, L)
    elif fmt == "ics":
        days = cat.thresholds.yellow_days if remind_days is None else remind_days
        data = export.export_ics(cat, states, as_of, unit, L, remind_days=days, stamp=_now())
    else:
        if unit is not None and cat.units[unit].kind not in REPORTING_KINDS:
            raise UsageError(f"{cat.units[unit].name} does not report itself: export a sheet for one of its members, or --unit-sheets")
        data = export.export_xlsx(cat, states, as_of, unit, L, unit_sheets=unit_sheets)
    if output is None:
        click.echo(data, nl=False)
        return
    _write_file(output, data.encode("utf-8") if isinstance(data, str) else data, state)
    click.echo(L("exported", path=output))


@cli.command("import")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--partial", is_flag=True, help="Record the valid rows even if others are refused (the exit status is still 2).")
@click.option("--dept", metavar="UNIT", shell_complete=_complete_units, help="The unit whose sheet to import: required for a --unit-sheets workbook.")
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
        progress.append_entry(root, row.entry, cat.units[row.unit].name)
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
    from .textfile import write_atomic

    book = sheet_import.breakdown_book(data, name)
    assert book is not None
    result = breakdown.read_breakdown(book, name, state.catalogue)
    if result.problems:
        raise DataError(result.problems)
    path = root / ASSIGNMENTS_FILE
    write_atomic(path, breakdown.plan_text(result.entries, Path(name).stem).encode("utf-8"))
    cat = load_catalogue(root)  # the plan as written loads, or the error says where
    click.echo(state.labels("plan_written", path=path, n=len(result.entries), pending=len(cat.pending_tasks)))


@cli.command("schema")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True, help="Where to write the schemas.")
@click.option(
    "--print", "name", type=click.Choice(["tasks", "departments", "assignments", "progress", "people"]), help="Print this one schema instead of writing files."
)
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
        raise UsageError(f"cannot create {output_dir}: {exc.strerror or exc}") from None
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
@click.option("--since", metavar="COMMIT", help="Report only commits that COMMIT does not contain (e.g. ORIG_HEAD: what the last pull brought).")
@click.option("--format", "fmt", type=click.Choice(["plain", "json"]), default="plain", show_default=True)
@pass_state
def audit_cmd(state: State, since: str | None, fmt: str) -> None:
    """Check the workspace's git history against people.yaml: who wrote what, signatures, append-only files.

    One line per finding (commit, author, file:line, what), then a summary; exit 2 when
    anything is found. Uncommitted lines are listed but do not fail the audit.

    Example (the office, after each pull): git pull && anquan audit --since ORIG_HEAD
    """
    _audit(state, load_catalogue(state.data_dir), fmt, since)


def main() -> None:
    """Entry point. User errors become messages in `AnquanGroup.invoke`; this adds the last
    guard: a bug ends in one line and exit status 1, a closed pipe quietly."""
    # A short run that builds large, acyclic data (a catalogue, every progress entry): the
    # cyclic collector would only rescan it again and again, doubling load times. Reference
    # counting still frees everything that is dropped.
    gc.disable()
    try:
        cli.main(prog_name="anquan")
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`anquan list | head`): nothing to report
        sys.exit(0)
    except Exception as exc:  # a bug: say so briefly, no traceback for the user
        say(f"anquan: internal error: {type(exc).__name__}: {exc}")
        sys.exit(EXIT_BUG)
