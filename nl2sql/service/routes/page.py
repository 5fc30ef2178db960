"""``/``: the web page (``nl2sql/web/static``), static files that talk only to the public ``/v1`` API. Served
with a content security policy that lets the page run its own scripts and styles and reach this server only."""

from fastapi import APIRouter, FastAPI, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from ...web import INDEX, STATIC

router = APIRouter(include_in_schema=False)

#: Where the page's own files are served.
STATIC_PREFIX = "/static"

#: Nothing from elsewhere: no CDN, no inline script, no framing; data goes only to this origin.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


@router.get("/")
async def page() -> Response:
    return FileResponse(INDEX, headers=PAGE_HEADERS)


def mount_static(app: FastAPI) -> None:
    app.mount(STATIC_PREFIX, StaticFiles(directory=STATIC), name="static")
