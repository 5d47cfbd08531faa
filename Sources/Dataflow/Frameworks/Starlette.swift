/// Starlette: a parameter annotated `starlette.requests.Request`, or an endpoint's `request`
/// parameter in a module that imports Starlette (its documentation writes endpoints as
/// `async def homepage(request):`, and `HTTPEndpoint` methods as `async def get(self, request):`);
/// its body is read with `await request.json()`, `.form()` or `.body()`.
public enum Starlette {
    static let attributes: [RequestField] = [
        RequestField("query_params", .query), RequestField("path_params", .path), RequestField("cookies", .cookie),
        RequestField("headers", .header), RequestField("url", .query),
    ]
    static let methods: [RequestField] = [RequestField("json", .json, structured: true), RequestField("form", .form), RequestField("body", .body)]

    public static let model = FrameworkModel(
        framework: .starlette, packages: ["starlette"],
        requestClasses: ["starlette.requests.Request"],
        requestParameter: "request",
        attributes: attributes, methods: methods,
        routeOwners: ["starlette.routing.Router", "starlette.applications.Starlette"], routeVerbs: ["route", "websocket_route"])
}

/// FastAPI: Starlette's request, plus the plain parameters of a route handler (query, path
/// and body values FastAPI fills from the request; see `Taint.parameterSource`).
public enum FastAPI {
    public static let model = FrameworkModel(
        framework: .fastapi, packages: ["fastapi"],
        requestClasses: ["fastapi.Request", "fastapi.requests.Request"],
        attributes: Starlette.attributes, methods: Starlette.methods,
        routeOwners: ["fastapi.FastAPI", "fastapi.APIRouter", "fastapi.routing.APIRouter", "fastapi.applications.FastAPI"],
        routeVerbs: ["get", "post", "put", "delete", "patch", "options", "head", "api_route", "websocket"])

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
