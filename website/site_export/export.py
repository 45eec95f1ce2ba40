"""``export_site``: an event's public site as static files (``manage.py export_site``).

The crawl renders every path the apps list for the event (``collect.Scope``) and follows the
links it finds, in worker processes (``workers``); each response is written to a temporary
folder as soon as it is rendered, and only its links are kept. Once every exported path is
known, the pages and stylesheets are rewritten with relative links (``rewrite.Rewriter``),
and the folder replaces the target (``write``).
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from cms.static_site import workers
from cms.static_site.assets import read_asset
from cms.static_site.links import Linker, Target, page_file, safe_name
from cms.static_site.render import Renderer
from cms.static_site.rewrite import Rewriter
from cms.static_site.write import SiteFolder, staged_folder, staged_zip
from conference.models import Event
from website.site_export.collect import Scope

# progress(stage, done, total): stage is "rendered" (total grows as links are found),
# then "rewritten".
Progress = Callable[[str, int, int], None]


class ExportError(Exception):
    """The export cannot start; nothing was written."""


@dataclass
class ExportSummary:
    pages: int = 0
    files: int = 0
    missing: list[str] = field(default_factory=list)  # linked paths that gave no file


def export_site(
    event: Event,
    *,
    output: Path | None = None,
    zip_file: Path | None = None,
    base_url: str = "",
    progress: Progress | None = None,
    with_pdf: bool = True,
    jobs: int | None = None,
) -> ExportSummary:
    """Write the event's site to the folder ``output`` or the zip file ``zip_file``, in
    ``jobs`` processes (one per core by default); ``with_pdf=False`` leaves out the recap
    PDFs, which take most of the time of a large export."""
    if not event.is_published:
        raise ExportError(f"“{event.slug}” is not published: drafts are never exported.")
    if (output is None) == (zip_file is None):
        raise ExportError("Give either an output folder or a zip file.")
    base_url = clean_base_url(base_url)
    target = check_target(Path(zip_file or output), is_zip=zip_file is not None)
    staging = staged_zip(target) if zip_file else staged_folder(target)
    with staging as folder:
        builder = SiteBuilder(
            event, folder, base_url, progress or _silent,
            with_pdf=with_pdf, jobs=jobs or workers.default_jobs(),
        )  # fmt: skip
        return builder.build()


def _silent(stage: str, done: int, total: int) -> None:
    pass


def clean_base_url(base_url: str) -> str:
    """``https://host[/path]`` without its final slash, or "" for none."""
    if not base_url:
        return ""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise ExportError(f"“{base_url}” is not a base URL such as https://example.org/soc24.")
    return base_url.rstrip("/")


def check_target(target: Path, *, is_zip: bool) -> Path:
    target = target.expanduser().absolute()
    if is_zip and target.is_dir():
        raise ExportError(f"{target} is a folder: give the zip file's name.")
    if not is_zip and target.exists() and not target.is_dir():
        raise ExportError(f"{target} is a file: give a folder (it will be replaced).")
    if not target.parent.is_dir():
        raise ExportError(f"The folder {target.parent} does not exist.")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise ExportError(f"Cannot write in {target.parent}.")
    return target


@dataclass(frozen=True)
class Outcome:
    """What rendering one path gave, as a worker reports it: the file written (None when
    there is none) or the path a redirect leads to, and the site's URLs the file links to."""

    path: str
    file: str | None = None
    location: str = ""
    is_html: bool = False
    links: tuple[Target, ...] = ()


class SiteBuilder:
    def __init__(
        self, event: Event, folder: SiteFolder, base_url: str, progress: Progress, *,
        with_pdf: bool, jobs: int,
    ):  # fmt: skip
        self.folder = folder
        self.progress = progress
        self.jobs = jobs
        self.renderer = Renderer()
        self.linker = Linker(self.renderer.origin)
        self.rewriter = Rewriter(self.linker, self.exported, base_url)
        self.scope = Scope.for_event(event, with_pdf=with_pdf)
        self.aliases = dict(self.scope.aliases)
        self.pages: dict[str, str] = {}  # URL path -> file
        self.html: list[tuple[str, str]] = []  # (URL path, file) of the pages to rewrite
        self.assets: set[str] = set()  # files of static and media assets found
        self.missing: set[str] = set()

    def build(self) -> ExportSummary:
        with self.renderer.serving():
            wanted_assets = self._crawl()
        stylesheets = self._copy_assets(wanted_assets)
        pages = sorted(self.html)
        for done, _ in enumerate(workers.run(self._rewrite, pages, self.jobs), 1):
            self.progress("rewritten", done, len(pages))
        for file in stylesheets:
            url = self.linker.asset_url(file)
            self.folder.write(file, self.rewriter.css(self.folder.read(file), url, file))
        return ExportSummary(
            pages=len(self.html),
            files=len(self.pages) + len(self.assets),
            missing=sorted(self.missing),
        )

    def exported(self, target: Target) -> str | None:
        """The file of the export that stands for ``target``, if there is one."""
        if target.is_asset:
            return target.path if target.path in self.assets else None
        if target.query:
            return None
        return self.pages.get(self._follow(target.path))

    def _follow(self, path: str) -> str:
        seen = set()
        while path in self.aliases and path not in seen:
            seen.add(path)
            path = self.aliases[path]
        return path

    def _crawl(self) -> set[str]:
        """Render every path in scope, round by round from the listed ones (each round in
        the workers); return the assets."""
        seeds = {self._follow(path) for path in self.scope.seeds}
        batch = [path for path in seeds if self.scope.includes(path)]
        queued, assets, rendered = set(batch), set(), 0
        while batch:
            found = []
            for outcome in self._render_all(batch):
                rendered += 1
                for target in self._record(outcome):
                    if target.is_asset:
                        assets.add(target.path)
                        continue
                    path = self._follow(target.path)
                    if not target.query and path not in queued and self.scope.includes(path):
                        found.append(path)
                        queued.add(path)
                self.progress("rendered", rendered, len(queued))
            batch = found
        return assets

    def _render_all(self, batch: list[str]) -> Iterator[Outcome]:
        return workers.run(self._render, self.scope.schedule(batch), self.jobs)

    def _record(self, outcome: Outcome) -> tuple[Target, ...]:
        """Note what a path gave; return what it links to."""
        if outcome.location:
            self.aliases[outcome.path] = outcome.location
            return (Target(outcome.location, is_asset=False),)
        if outcome.file is None:
            self.missing.add(outcome.path)
        else:
            self.pages[outcome.path] = outcome.file
            if outcome.is_html:
                self.html.append((outcome.path, outcome.file))
        return outcome.links

    def _render(self, path: str) -> Outcome:
        """Write the response for ``path`` as it comes (pages are linked later, once every
        file is known); runs in a worker."""
        rendered = self.renderer.get(path)
        file = safe_name(page_file(path))
        if rendered.location:
            return Outcome(path, location=rendered.location)
        if rendered.status != 200 or file is None:
            return Outcome(path)
        if rendered.is_html:
            self.folder.write(file, rendered.body)
            links = tuple(self.rewriter.html_links(rendered.body, path))
            return Outcome(path, file, is_html=True, links=links)
        self.folder.write(file, self.rewriter.data(rendered.body, rendered.content_type))
        return Outcome(path, file)

    def _rewrite(self, page: tuple[str, str]) -> None:
        """Give a written page its relative links; runs in a worker."""
        path, file = page
        self.folder.write(file, self.rewriter.html(self.folder.read(file), path, file))
    def _copy_assets(self, wanted: set[str]) -> list[str]:
        """Copy static and media files, and those their stylesheets use; return the
        stylesheets, to be rewritten once every asset is known."""
        pending, stylesheets = sorted(wanted), []
        while pending:
            name = pending.pop()
            if name in self.assets or name in self.missing:
                continue
            data = read_asset(name)
            if data is None:
                self.missing.add(name)
                continue
            self.folder.write(name, data)
            self.assets.add(name)
            if name.endswith(".css"):
                stylesheets.append(name)
                targets = self.rewriter.css_links(data, self.linker.asset_url(name))
                pending.extend(t.path for t in targets if t.is_asset)
        return sorted(stylesheets)
