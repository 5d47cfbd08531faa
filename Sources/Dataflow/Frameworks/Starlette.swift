/// Starlette: a parameter annotated `starlette.requests.Request`, or an endpoint's `request`
/// parameter in a module that imports Starlette (its documentation writes endpoints as
/// `async def homepage(request):`, and `HTTPEndpoint` methods as `async def get(self, request):`);
/// its body is read with `await request.json()`, `.form()` or `.body()`.
public enum Starlette {
    static let attributes: [RequestField] = [
        RequestField("query_params", .query), RequestField("path_params", .path), RequestField("cookies", .cookie),
        RequestField("headers", .header), RequestField("url", .query),
    ]
    static let methods: [RequestField] = [
        RequestField("json", .json, structured: true), RequestField("form", .form), RequestField("body", .body),
        // A WebSocket's messages (`await websocket.receive_text()`, `async for m in websocket.iter_json()`).
        RequestField("receive_text", .body, label: "message"), RequestField("receive_bytes", .body, label: "message"),
        RequestField("receive_json", .json, structured: true, label: "message"), RequestField("receive", .json, structured: true, label: "message"),
        RequestField("iter_text", .body, label: "message"), RequestField("iter_bytes", .body, label: "message"),
        RequestField("iter_json", .json, structured: true, label: "message"),
    ]
    /// Parts of the request URL the client cannot shape into text: the scheme the server
    /// was reached by, the port number.
    static let reducedAttributes: [String: Set<String>] = ["url": ["scheme", "port", "is_secure"]]
    /// A WebSocket connection reads as a request does: its URL, headers and cookies, and its messages.
    static let webSocketClasses: Set<String> = ["starlette.websockets.WebSocket", "fastapi.WebSocket", "fastapi.websockets.WebSocket"]

    public static let model = FrameworkModel(
        framework: .starlette, packages: ["starlette"],
        requestClasses: webSocketClasses.union(["starlette.requests.Request"]),
        requestParameter: "request",
        attributes: attributes, methods: methods,
        routeOwners: ["starlette.routing.Router", "starlette.applications.Starlette"], routeVerbs: ["route", "websocket_route"],
        sanitizedAttributes: reducedAttributes)
}

/// FastAPI: Starlette's request, plus the plain parameters of a route handler (query, path
/// and body values FastAPI fills from the request; see `Taint.parameterSource`).
public enum FastAPI {
    public static let model = FrameworkModel(
        framework: .fastapi, packages: ["fastapi"],
        requestClasses: Starlette.webSocketClasses.union(["fastapi.Request", "fastapi.requests.Request"]),
        attributes: Starlette.attributes, methods: Starlette.methods,
        routeOwners: ["fastapi.FastAPI", "fastapi.APIRouter", "fastapi.routing.APIRouter", "fastapi.applications.FastAPI"],
        routeVerbs: ["get", "post", "put", "delete", "patch", "options", "head", "api_route", "websocket"],
        sanitizedAttributes: Starlette.reducedAttributes)

    /// Handler parameters FastAPI injects that are not request data.
    public static let injectedTypes: Set<String> = ["Request", "Response", "BackgroundTasks", "WebSocket", "HTTPConnection", "SecurityScopes",
                                                    "Session", "AsyncSession"]
    /// Parameter markers (`x: str = Header(...)`, `Annotated[str, Cookie()]`) and the part of
    /// the request FastAPI fills the parameter from.
    public static let parameterMarkers: [String: InputKind] = [
        "Query": .query, "Path": .path, "Body": .json, "Header": .header, "Cookie": .cookie, "Form": .form, "File": .file,
    ]
    /// Defaults that make a parameter a dependency, not request data.
    public static let dependencyMarkers: Set<String> = ["Depends", "Security"]
    /// Base classes of the models FastAPI reads from the JSON body (`note: NoteIn`).
    public static let bodyModelBases: Set<String> = ["pydantic.BaseModel", "pydantic.main.BaseModel", "sqlmodel.SQLModel",
                                                     "sqlmodel.main.SQLModel"]
}
