"""The HTTP API and the web page of the live desk (FastAPI; OpenAPI at ``/openapi.json``).

Read endpoints are public; writing a declaration needs ``Authorization: Bearer <token>``.
Every figure comes from ``analysis`` and ``projection`` through the Desk: this module only
routes, checks and formats.
"""

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from ..desk import Desk
from ..desk.night import NotADateError
from ..desk.poll import checked_exit_poll
from ..errors import ChoiceError, DataError, NotFoundError, SwingometerError
from ..files import fetch
from ..store import ConflictError, LedgerUnavailableError
from .apidocs import docs_css, docs_page
from .events import Broadcaster
from .export import to_csv
from .limits import BodyLimit, SecurityHeaders
from .night_schemas import ExitPollIn, NominationIn
from .schemas import ContestOut, DeclarationIn, ErrorOut

MAX_BODY = 1_000_000
STATIC = resources.files("swingometer") / "web" / "static"
bearer = HTTPBearer(auto_error=False, description="a write token from `swingometer token "
                    "create`")
Election = Annotated[str | None, Query(
    max_length=40, description="the night: 2019, parl.2019-12-12 or a polling day "
    "(default: the server's night, else the latest one declared into)")]


def _problems(error: DataError) -> dict[str, Any]:
    return {"detail": str(error).splitlines()[0],
            "problems": [p.as_dict() for p in error.problems]}


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error answers a route documents, all in one shape (ErrorOut)."""
    meaning = {400: "a body that is not UTF-8 text", 401: "no valid write token",
               404: "no such contest", 409: "a stale revision, or a rush after the result",
               413: "a request body over 1 MB", 422: "every problem with the request",
               503: "the database or an official file cannot be had"}
    return {s: {"model": ErrorOut, "description": meaning[s]} for s in statuses}


def _json(payload: Any, status: int = 200) -> Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Response(body, status, media_type="application/json")


class CsvResponse(Response):
    media_type = "text/csv"


def _listen(desk: Desk) -> Any:
    """On PostgreSQL: hear every server's records (LISTEN) and tell this desk's listeners."""
    if not desk.ledger.announces:
        return None
    from ..store.announce import Announcements

    def heard(payload: str) -> None:
        kind, _, number = payload.partition(":")
        if not number.isdigit():
            return
        try:
            if kind == "d":
                desk.arrived_id(int(number))
            elif kind == "e":
                poll = desk.ledger.exit_poll(poll_id=int(number))
                if poll is not None:
                    desk.poll_arrived(poll)
        except SwingometerError:
            pass  # the database is away: the listener reconnects and catches up

    def caught_up() -> None:
        last = max(desk.told(), default=0)
        for record in desk.ledger.records(after=last, limit=5000):
            desk.arrived(record)

    listener = Announcements(desk.ledger.engine, heard, caught_up)
    listener.start()
    return listener


def create_app(desk: Desk) -> FastAPI:
    """The FastAPI application serving one desk."""
    broadcaster = Broadcaster()
    desk.listeners.append(broadcaster.publish)
    desk.poll_listeners.append(broadcaster.publish_poll)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        broadcaster.bind(asyncio.get_running_loop())
        await run_in_threadpool(desk.night)  # load the night's files before the first request
        listener = await run_in_threadpool(_listen, desk)
        app.state.listener = listener
        yield
        broadcaster.close()
        if listener is not None:
            await run_in_threadpool(listener.stop)

    app = FastAPI(title="swingometer live desk", version="1", lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  summary="Declarations in; the running House, gains, and the projection out.",
                  description="Contains Parliamentary information licensed under the Open "
                  "Parliament Licence v3.0.")
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=MAX_BODY)
    app.state.desk = desk
    app.state.broadcaster = broadcaster
    _handlers(app)
    _write_routes(app, desk)
    _read_routes(app, desk, broadcaster)
    _page_routes(app, desk)
    _doc_routes(app)
    return app


def _doc_routes(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        """The API described from its OpenAPI schema: plain HTML, same-origin style only,
        so it works under the page's content-security policy."""
        return Response(docs_page(app.openapi()), media_type="text/html")

    @app.get("/docs.css", include_in_schema=False)
    def css() -> Response:
        return Response(docs_css(), media_type="text/css")


def _allowed(app: FastAPI, request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette lists only the first route's)."""
    methods: set[str] = set()
    for route in app.router.routes:
        match, _ = route.matches({**request.scope, "method": "__none__"})
        if match != Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 405:
            allowed = _allowed(app, request)
            return Response(json.dumps({"detail": "Method Not Allowed"}), 405,
                            {"Allow": ", ".join(allowed)}, media_type="application/json")
        return await http_exception_handler(request, error)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> Response:
        problems = [{"source": "request", "row": None,
                     "column": ".".join(str(p) for p in e.get("loc", ()) if p != "body"),
                     "message": str(e.get("msg", ""))} for e in error.errors()]
        return _json({"detail": f"{len(problems)} problem(s) found", "problems": problems}, 422)

    @app.exception_handler(DataError)
    async def bad_data(_request: Request, error: DataError) -> Response:
        return _json(_problems(error), 422)

    @app.exception_handler(ChoiceError)
    async def bad_choice(_request: Request, error: ChoiceError) -> Response:
        return _json({"detail": str(error), "choices": [str(c) for c in error.choices]}, 422)

    @app.exception_handler(NotFoundError)
    async def not_found(_request: Request, error: NotFoundError) -> Response:
        return _json({"detail": str(error), "suggestions": list(error.suggestions)}, 404)

    @app.exception_handler(ConflictError)
    async def conflict(_request: Request, error: ConflictError) -> Response:
        current = error.current.as_dict() if error.current else None
        return _json({"detail": str(error), "current": current}, 409)

    @app.exception_handler(NotADateError)
    async def not_a_date(_request: Request, error: NotADateError) -> Response:
        return _json({"detail": str(error), "choices": ["YYYY-MM-DD"]}, 422)

    @app.exception_handler(LedgerUnavailableError)
    async def unavailable(_request: Request, error: LedgerUnavailableError) -> Response:
        return _json({"detail": str(error)}, 503)

    @app.exception_handler(SQLAlchemyError)
    async def database(_request: Request, error: SQLAlchemyError) -> Response:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()
        return _json({"detail": "the results ledger cannot be reached: "
                      + (reason[0] if reason else type(error).__name__)}, 503)

    @app.exception_handler(SwingometerError)
    async def other(_request: Request, error: SwingometerError) -> Response:
        return _json({"detail": str(error)}, 503)


def _writer(desk: Desk) -> Callable[..., Awaitable[str]]:
    async def writer(credentials: Annotated[HTTPAuthorizationCredentials | None,
                                            Depends(bearer)]) -> str:
        """The name of the token presented; 401 without a valid one."""
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise HTTPException(401, "a write token is needed: Authorization: Bearer <token>",
                                headers={"WWW-Authenticate": "Bearer"})
        name = await run_in_threadpool(desk.authenticate, credentials.credentials)
        if name is None:
            raise HTTPException(401, "the token is not valid",
                                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        return name

    return writer


def _write_routes(app: FastAPI, desk: Desk) -> None:
    writer = _writer(desk)

    @app.post("/api/declarations", status_code=201, tags=["write"],
              responses=_errors(400, 401, 409, 413, 422, 503))
    async def declare(declaration: DeclarationIn,
                      token: Annotated[str, Depends(writer)]) -> Response:
        """Append a declaration to the ledger (never overwriting one)."""
        record = await run_in_threadpool(desk.declare, declaration.submission(), token)
        return _json(desk.summary(record), 201)

    @app.post("/api/nominations", status_code=201, tags=["write"],
              responses=_errors(400, 401, 409, 413, 422, 503))
    async def nominate(nomination: NominationIn,
                       token: Annotated[str, Depends(writer)]) -> Response:
        """Append a contest's statement of persons nominated: its first record. The live
        projection uses who stands; a result must name the candidates nominated."""
        record = await run_in_threadpool(desk.nominate, nomination.submission(), token)
        return _json(desk.summary(record), 201)

    @app.post("/api/exit-poll", status_code=201, tags=["write"],
              responses=_errors(400, 401, 413, 422, 503))
    async def exit_poll(poll: ExitPollIn, token: Annotated[str, Depends(writer)]) -> Response:
        """Store a published exit poll for the night (the latest posted counts): the live
        projection starts from it."""
        def store() -> dict[str, Any]:
            night = desk.night(poll.election)
            checked = checked_exit_poll(night, poll.source, poll.published, poll.seats,
                                        poll.seat_probabilities)
            return desk.post_exit_poll(night.election_id, checked, token)

        return _json(await run_in_threadpool(store), 201)


def _read_routes(app: FastAPI, desk: Desk, broadcaster: Broadcaster) -> None:
    @app.get("/api/health", tags=["read"], responses=_errors(503))
    def health() -> dict[str, Any]:
        """The server is up and its ledger takes writes now (a probe row is written and
        committed); 503 in the error shape if it cannot be written or reached."""
        desk.check_writable()
        count, last = desk.ledger.version()
        night = desk.night()
        listener = getattr(app.state, "listener", None)
        return {"status": "ok", "database": desk.ledger.engine.dialect.name,
                "records": count, "last_id": last, "election": night.election_id,
                "kind": desk.kind(night), "events_clients": broadcaster.clients,
                "announcements": None if listener is None else listener.listening.is_set()}

    @app.get("/api/exit-poll", tags=["read"], responses=_errors(404, 422, 503))
    def exit_poll(election: Election = None) -> Response:
        """The exit poll posted for the night, as published (404 if none)."""
        found = desk.exit_poll(election)
        if found is None:
            raise NotFoundError(f"exit poll for the {desk.night(election).name}", "(none)")
        return _json(found)

    @app.get("/api/totals", tags=["read"], responses=_errors(422, 503))
    async def totals(election: Election = None) -> Response:
        """Seats declared per party, gains and losses against the baseline, votes and shares
        with their like-for-like change, seats still to declare."""
        found = desk.peek("totals", election)
        if found is None:
            found = await run_in_threadpool(desk.totals, election)
        return _cached_json(found)

    @app.get("/api/projection", tags=["read"], responses=_errors(422, 503))
    async def projection(election: Election = None,
                         method: Annotated[str, Query(
                             max_length=40, description="model (default) or any registered "
                             "projection model, e.g. uns")] = "model") -> Response:
        """The final House projected from the seats declared so far, with an interval and
        whether the undeclared seats can still change who has a majority."""
        found = desk.peek("projection", election, method)
        if found is None:
            found = await run_in_threadpool(desk.projection, election, method)
        return _cached_json(found)

    @app.get("/api/swing", tags=["read"], responses=_errors(422, 503))
    def swing(points: Annotated[float, Query(ge=-30, le=30)] = 0.0,
              gaining: Annotated[str, Query(alias="to", max_length=10)] = "Lab",
              losing: Annotated[str, Query(alias="from", max_length=10)] = "Con",
              election: Election = None) -> Response:
        """The House at a Butler swing of ``points`` from one party to another since the
        baseline election (uniform national swing, through the projection engine)."""
        return _cached_json(desk.swing(points, election, gaining, losing))

    @app.get("/api/declarations", tags=["read"], responses=_errors(422, 503))
    def latest(election: Election = None,
               limit: Annotated[int, Query(ge=1, le=650)] = 20) -> Response:
        """The latest declarations, newest first, each with its gain or hold."""
        return _json(desk.latest(election, limit))

    @app.get("/api/contests", tags=["read"], responses=_errors(422, 503))
    def seats(election: Election = None) -> Response:
        """Every seat of the night: its state and winner."""
        return _json(desk.seats(election))

    @app.get("/api/contests/{contest}", tags=["read"], response_model=ContestOut,
             responses=_errors(404, 422, 503))
    def contest(contest: str) -> Response:
        """Current figures with the full results card, and every revision."""
        return _json(desk.contest(contest))

    @app.get("/api/hexmap", tags=["read"], responses=_errors(422, 503))
    def hexmap(election: Election = None) -> Response:
        """The night's HexJSON layout (Open Innovations, MIT licence)."""
        path = fetch(desk.night(election).hexmap, desk.data)
        return Response(path.read_bytes(), media_type="application/json")

    @app.get("/api/export.csv", tags=["read"], responses=_errors(422, 503) | {200: {
        "description": "one row per candidate (or per contest with level=contest)",
        "content": {"text/csv": {"schema": {"type": "string"}}}}})
    def export(election: Election = None,
               level: Annotated[Literal["candidate", "contest"], Query(
                   description="One row per candidate or per contest.")] = "candidate"
               ) -> Response:
        """Every declared seat's results card, flattened as ``swingometer export`` flattens
        it (docs/export.md: share, change, gain or hold under both conventions, swing …),
        with each declaration's state, revision, time received and source; safe for
        spreadsheets."""
        from ..export import columns, rows

        # a candidate row also names its contest's result; every row its declaration
        labels = ("result", "result_pa") if level == "candidate" else ()
        record = ("state", "revision", "received_at", "source")
        cards = desk.declared_cards(election)
        lines = [[*row.values(), *(card[k] for k in labels), *(card["record"][k] for k in record)]
                 for card in cards for row in rows([card], level)]
        text = to_csv([*columns(level), *labels, *record], lines)
        return CsvResponse(text, headers={
            "Content-Disposition": 'attachment; filename="results.csv"'})

    @app.get("/api/events", tags=["read"], response_class=StreamingResponse)
    async def events(request: Request) -> StreamingResponse:
        """Server-sent events: one ``declaration`` event per accepted declaration (also one
        taken by another server on the same PostgreSQL ledger), and an ``exit-poll`` event
        when one is posted."""
        last = request.headers.get("last-event-id", "")
        after = int(last) if last.isdigit() else None

        def missed() -> list[tuple[int, dict[str, Any]]]:
            if after is None:
                return []
            return [(r.id, desk.summary(r)) for r in desk.ledger.records(after=after,
                                                                         limit=5000)]

        return StreamingResponse(broadcaster.stream(missed), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache",
                                          "X-Accel-Buffering": "no"})


_encoded: dict[int, tuple[Any, bytes]] = {}


def _cached_json(payload: Any) -> Response:
    """Encode a cached figure once: the same object is served until the ledger changes."""
    key = id(payload)
    known = _encoded.get(key)
    if known is None or known[0] is not payload:
        if len(_encoded) > 64:
            _encoded.clear()
        known = (payload, json.dumps(payload, ensure_ascii=False, separators=(",", ":"),
                                     allow_nan=False).encode())
        _encoded[key] = known
    return Response(known[1], media_type="application/json")


def _page_routes(app: FastAPI, desk: Desk) -> None:
    del desk

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(str(STATIC / "index.html"), media_type="text/html")

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

