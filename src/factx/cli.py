"""The ``factx`` command: parse options, call the library, pick a writer. Nothing else lives here."""

from __future__ import annotations

import atexit
import gc
import os
import sys
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from factx import __version__
from factx.errors import EXIT_INPUT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, BadDateError, FactxError
from factx.writers import Format

if TYPE_CHECKING:
    from factx.extractor import Extractor
    from factx.model import Document

app = typer.Typer(
    name="factx",
    help="Pull money, percentages, quantities, dates and names out of raw Chinese news text.",
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    epilog=(
        "[bold]Examples[/bold]: factx extract article.txt · cat news/*.txt | factx extract --types money,percent"
        " > facts.jsonl · factx extract archive.zip -o results.sqlite · factx stats results.sqlite"
        " · factx rules check --rules my_rules.toml"
    ),
)
rules_app = typer.Typer(
    help="List and check rule files.",
    no_args_is_help=True,
    epilog="[bold]Examples[/bold]: factx rules list · factx rules check --rules my_rules/",
)
app.add_typer(rules_app, name="rules")

RulesOption = Annotated[
    list[str] | None,
    typer.Option("--rules", "-r", help="A rule file or folder to add (repeatable); also FACTX_RULES."),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"factx {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """factx: facts out of Chinese news.

    [bold]Examples[/bold]

      factx extract article.txt
      cat news/*.txt | factx extract --types money,percent > facts.jsonl
      factx rules check --rules my_rules.toml
    """


def _err(message: str) -> None:
    sys.stderr.write(f"factx: {message}\n")


@app.command()
def extract(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders, archives or globs; '-' or none: stdin.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format (auto: table on a terminal, else jsonl; by suffix with -o, e.g. .sqlite).")] = Format.auto,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to this file instead of stdout (replaced unless --resume).")] = None,
    types: Annotated[str | None, typer.Option("--types", "-t", help="Comma-separated fact types to output (e.g. money,percent; 'number' is opt-in: default,number adds it).")] = None,
    rules: RulesOption = None,
    ref_date: Annotated[str | None, typer.Option("--ref-date", help="YYYY-MM-DD that relative dates (去年, 昨天) resolve against.")] = None,
    encoding: Annotated[str | None, typer.Option("--encoding", help="Force an input encoding instead of detecting it.")] = None,
    glob: Annotated[str | None, typer.Option("--glob", help="Only files whose name matches, in folders and archives (e.g. '*.txt').")] = None,
    files_from: Annotated[str | None, typer.Option("--files-from", help="Read input paths from this file, one a line ('-': stdin).")] = None,
    jsonl_field: Annotated[str | None, typer.Option("--jsonl-field", help="Inputs are JSON Lines; the text is in this field.")] = None,
    id_field: Annotated[str | None, typer.Option("--id-field", help="With --jsonl-field: the field naming each document.")] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Skip documents larger than this (zip-bomb guard).")] = 200_000_000,
    timeout: Annotated[float | None, typer.Option("--timeout", help="Seconds one rule's scan of a document may take before the document is skipped.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: one per CPU core).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="With -o x.sqlite: keep that database and skip the documents it already holds.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary line on standard error.")] = False,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Run on a Dask cluster (tcp://HOST:PORT, or 'local'); -o names the output folder. Needs factx[dask].")] = None,
) -> None:
    """Extract facts from documents.

    Output keeps the input order whatever --jobs is. Ctrl-C (or SIGTERM) keeps every document completed so
    far and exits with status 130; --resume then carries on where the run stopped. Exit status 1 means some
    input could not be read or scanned (each is named on standard error); the rest was processed.

    [bold]Examples[/bold]

      factx extract samples/economy.txt
      factx extract news/ --glob '*.txt' -o facts.jsonl
      factx extract dump.zip --types money -f csv > money.csv
      factx extract news/ -o results.sqlite --jobs 8 --resume
      cat article.txt | factx extract --format json
      factx extract --scheduler tcp://scheduler:8786 /shared/news/ -o facts/
    """
    from factx.extractor import Extractor, parse_types
    from factx.interrupts import Interrupts
    from factx.pipeline import Summary, results, skip_done
    from factx.progress import Bar
    from factx.sources import iter_documents
    from factx.writers import make_writer, resolve_format

    reference = _parse_date(ref_date)
    extractor = Extractor(rules or (), types=parse_types(types), timeout=timeout, ref_date=reference)
    extractor.ruleset  # noqa: B018 — load rules now, so a broken rule file stops before any output
    if scheduler:
        inputs = [*(paths or []), *(_read_list(files_from) if files_from else [])]
        _extract_on_cluster(inputs, scheduler, output, extractor, quiet=quiet, glob=glob, encoding=encoding,
                            max_bytes=max_bytes, jsonl_field=jsonl_field, id_field=id_field)
        return
    fmt = resolve_format(fmt, sys.stdout, output)
    if resume and fmt is not Format.sqlite:
        raise FactxError("--resume needs a SQLite output (-o results.sqlite)")
    summary = Summary()
    interrupted = False
    documents = iter_documents(
        paths or [], glob=glob, files_from=files_from, encoding=encoding, max_bytes=max_bytes,
        jsonl_field=jsonl_field, id_field=id_field,
    )
    with Interrupts() as guard, ExitStack() as cleanup:
        stream = None if fmt is Format.sqlite else _open_output(output, cleanup)
        writer = make_writer(fmt, stream, output, resume=resume, settings=extractor.settings())
        to_terminal = stream is sys.stdout and sys.stdout.isatty()
        bar = Bar(not quiet and sys.stderr.isatty() and not to_terminal, [] if files_from else paths or [], glob)
        if resume:

            def skipped(document: Document) -> None:
                summary.skipped += 1
                bar.advance(document, [])

            documents = skip_done(documents, writer.is_done, skipped)  # type: ignore[attr-defined]
        try:
            with results(documents, extractor, jobs or os.cpu_count() or 1) as done, bar:
                for document, facts in done:
                    with guard.atomic():  # a document is written whole; and the bar's lock is never left taken
                        _report(document)
                        writer.write(document, facts)
                        summary.add(document, facts)
                        bar.advance(document, facts)
        except KeyboardInterrupt:
            interrupted = True
        except BrokenPipeError:
            _quiet_broken_pipe()  # the reader went away (`| head`): stop quietly, like any filter
            raise typer.Exit(EXIT_OK) from None
        finally:
            with guard.atomic():
                writer.close()
    if not quiet:
        _err(summary.line())
    if interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    if summary.failed:
        raise typer.Exit(EXIT_INPUT_FAILED)


def _open_output(output: str | None, cleanup: ExitStack) -> IO[str]:
    if output is None:
        return sys.stdout
    try:
        return cleanup.enter_context(open(output, "w", encoding="utf-8", newline=""))
    except OSError as exc:
        raise FactxError(f"cannot write {output}: {exc.strerror or exc}") from None


def _report(document: Document) -> None:
    """Each problem once, named by its document, on standard error (above the progress bar, if any)."""
    for warning in document.warnings:
        _err(f"{document.source}: warning: {warning}")
    if document.error:
        _err(f"{document.source}: {document.error}")


def _read_list(path: str) -> list[str]:
    """The paths of a --files-from list ('-': standard input), for a cluster run."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise FactxError(f"--files-from {path}: {exc.strerror or exc}") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _extract_on_cluster(paths: list[str], scheduler: str, output: str | None, extractor: Extractor,
                        *, quiet: bool, **options: Any) -> None:
    """``--scheduler``: partitions on a Dask cluster, part files in the -o folder, a progress bar of partitions."""
    if not output:
        raise FactxError("--scheduler needs -o OUTDIR, the folder that receives part-*.jsonl and _SUCCESS")
    try:
        from factx.dask import run_on_cluster
    except ImportError as exc:
        raise FactxError(f"--scheduler needs the dask extra: pip install 'factx[dask]' ({exc})") from None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    show = not quiet and sys.stderr.isatty()
    with Progress(TextColumn("partitions"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, disable=not show) as bar:
        task = bar.add_task("partitions", total=None)
        summary = run_on_cluster(
            paths, scheduler, output, extractor,
            on_progress=lambda done, total: bar.update(task, completed=done, total=total),
            log=lambda message: None if quiet else _err(message),
            **options,
        )
    if not quiet:
        _err(summary.line())
    if summary.errors:
        raise typer.Exit(EXIT_INPUT_FAILED)


def _parse_date(text: str | None) -> date | None:
    from factx.extractor import reference_date

    try:
        return reference_date(text)
    except BadDateError:
        raise FactxError(f"--ref-date must be YYYY-MM-DD, got {text!r}") from None


@rules_app.command("list")
def rules_list(rules: RulesOption = None) -> None:
    """Show every rule: id, type, file and number of examples.

    [bold]Example[/bold]: factx rules list --rules my_rules/
    """
    from rich.console import Console
    from rich.table import Table

    from factx.extractor import Extractor

    ruleset = Extractor(rules or ()).ruleset
    table = Table("id", "type", "priority", "file", "examples", "counter")
    for rule in ruleset.rules:
        table.add_row(rule.id, rule.type, str(rule.priority), Path(rule.spec.path).name,
                      str(len(rule.spec.examples)), str(len(rule.spec.counter_examples)))
    Console().print(table)
    typer.echo(f"{len(ruleset.rules)} rules from {len(ruleset.files)} files")


@rules_app.command("check")
def rules_check(rules: RulesOption = None) -> None:
    """Validate rule files and run every example and counter-example; exit 1 on a failure.

    [bold]Example[/bold]: factx rules check --rules my_rules.toml
    """
    from factx.engine.examples import check_all
    from factx.extractor import Extractor

    extractor = Extractor(rules or ())
    count, failures = check_all(extractor)
    for failure in failures:
        typer.echo(f"FAIL {failure}")
    typer.echo(f"{len(extractor.ruleset.rules)} rules, {count} examples, {len(failures)} failed")
    if failures:
        raise typer.Exit(1)


@app.command()
def stats(
    path: Annotated[Path, typer.Argument(help="A SQLite database or a JSON Lines file written by factx extract.")],
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many units, organisations and places to list.")] = 10,
) -> None:
    """Summarise extracted facts: facts per type, top units, organisations and places, money per currency, errors.

    [bold]Examples[/bold]

      factx stats results.sqlite
      factx stats facts.jsonl --top 20
    """
    from rich.console import Console
    from rich.table import Table

    from factx.stats import read_stats

    found = read_stats(path)
    console = Console(highlight=False, soft_wrap=True)
    console.print(f"{path}: {found.documents:,} documents, {sum(found.types.values()):,} facts")
    sections: list[tuple[str, list[tuple[str, object]]]] = [
        ("facts per type", found.types.most_common()),
        ("top units", found.units.most_common(top)),
        ("top organisations", found.organisations.most_common(top)),
        ("top places", found.places.most_common(top)),
        ("money per currency", [(unit, f"{total:,f}") for unit, total in sorted(found.money.items())]),
    ]
    for title, rows in sections:
        if rows:
            table = Table(title=title, title_justify="left", show_header=False)
            for name, count in rows:
                table.add_row(name, f"{count:,}" if isinstance(count, int) else str(count))
            console.print(table)
    if found.errors is None:
        console.print("documents with errors: not recorded in JSON Lines (use -o results.sqlite)")
        return
    console.print(f"documents with errors: {len(found.errors)}")
    for source, error in found.errors:
        console.print(f"  {source}: {error}", markup=False)


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="A *.gold.jsonl file of annotated documents.")],
    types: Annotated[str | None, typer.Option("--types", "-t", help="Only these types.")] = None,
    rules: RulesOption = None,
    details: Annotated[bool, typer.Option("--details", help="List misses, false alarms and value errors.")] = False,
) -> None:
    """Score extraction against gold annotations: precision, recall and F1 per type.

    [bold]Example[/bold]: factx eval ../shared/gold/pinghu-2025-01.gold.jsonl --details
    """
    from rich.console import Console
    from rich.table import Table

    from factx.evaluate import read_gold, score
    from factx.extractor import Extractor, check_types, parse_types

    if not gold.is_file():
        raise FactxError(f"no such gold file: {gold}")
    extractor = Extractor(rules or ())
    wanted = parse_types(types)
    if wanted:
        check_types(wanted, extractor.ruleset)
    scores = score(read_gold(gold), extractor)
    table = Table("type", "tp", "fp", "fn", "precision", "recall", "F1", "value errors")
    for name, s in sorted(scores.items()):
        if wanted and name not in wanted:
            continue
        table.add_row(name, str(s.true_positives), str(s.false_positives), str(s.false_negatives),
                      f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(len(s.value_errors)))
    console = Console()
    console.print(table)
    if details:
        for name, s in sorted(scores.items()):
            if wanted and name not in wanted:
                continue
            for label, items in (("miss", s.misses), ("false alarm", s.false_alarms), ("value", s.value_errors)):
                for item in items:
                    console.print(f"{name} {label}: {item}", markup=False)


def main() -> None:
    """Entry point: domain errors become one line and an exit code; no tracebacks (FACTX_DEBUG=1 shows them)."""
    # The interpreter's last garbage collection, at exit, walks every object the process holds, the rule set's
    # hundreds of thousands included, and finds nothing to free: frozen first, they are skipped (13 ms of a
    # one-article command's 118). atexit runs before that collection.
    atexit.register(gc.freeze)
    try:
        code = app(standalone_mode=False)  # typer.Exit and Ctrl-C come back as the exit code
    except FactxError as exc:
        _err(str(exc))
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        _quiet_broken_pipe()
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        _err("aborted")
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # click's usage errors and anything unexpected
        if isinstance(exc, _click_exception()):
            exc.show()  # type: ignore[attr-defined]
            sys.exit(EXIT_USAGE)
        if os.environ.get("FACTX_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set FACTX_DEBUG=1 for a traceback)")
        sys.exit(3)
    if code == EXIT_INTERRUPTED:
        _err("interrupted")
    sys.exit(code or EXIT_OK)


def _click_exception() -> type[Exception]:
    """click's usage-error base class: newer typer releases carry their own copy of click."""
    try:
        from typer._click.exceptions import ClickException
    except ImportError:
        from click import ClickException
    return ClickException


def _quiet_broken_pipe() -> None:
    """The reader went away (``factx extract big/ | head``): silence the flush at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
