/// The typed tables behind request-data sources: each supported framework is one value of
/// `FrameworkModel` in its own file under `Frameworks/`, listed in `FrameworkCatalog.all`.
/// Adding a framework is adding such a file (and its examples); no rule lists sources.

/// A web framework (or the standard library's server interfaces) whose requests are sources.
public enum Framework: String, Sendable, Hashable, CaseIterable {
    case flask = "Flask", quart = "Quart", django = "Django", starlette = "Starlette", fastapi = "FastAPI"
    case httpServer = "http.server", wsgi = "WSGI"
    case tornado = "Tornado", aiohttp = "aiohttp", sanic = "Sanic"
    case falcon = "Falcon", bottle = "Bottle", pyramid = "Pyramid"
}

/// Where in an HTTP request a value arrives (what a proof of concept must fill in).
public enum InputKind: String, Sendable, Hashable {
    case query, form, json, cookie, header, path, body, file
}

/// One readable part of a request object: `request.args` is the query string, a mapping read
/// by key; `request.get_json()` is the parsed JSON body.
public struct RequestField: Sendable, Hashable {
    /// The attribute, method or key as written (`args`, `get_json`, `QUERY_STRING`).
    public let name: String
    /// How messages name the field (`json` for `get_json()`).
    public let label: String
    public let input: InputKind
    /// True when the value may be a parsed JSON document (dicts and lists the client shapes).
    public let isStructured: Bool
    /// CGI-style header keys (`HTTP_X_FORWARDED_HOST`), as in Django's `META` and WSGI's
    /// `environ`: a proof of concept turns the key back into the header's name.
    public let cgiHeaderKeys: Bool
    /// A method whose first argument is the name of the value it reads (Tornado's
    /// `self.get_argument("q")`, Falcon's `req.get_param("q")`, Bottle's `request.get_cookie("sid")`):
    /// a proof of concept fills that name.
    public let namedByFirstArgument: Bool
    /// A keyword argument, and its position, that makes the method return only values the
    /// server signed: `request.get_cookie("sid", secret=KEY)` (Bottle) is then not request data.
    public let trustedKeyword: String?
    public let trustedPosition: Int?
    /// The request's own path (Flask's `request.path`): in a handler every route of which has no
    /// parameter, it is one of those fixed paths, not text the client chooses.
    public let isRoutePath: Bool
    /// The one input a field reads, when it is not named by a key: `request.referrer` is the
    /// `Referer` header, `request.content_type` the `Content-Type` header (for proofs of concept).
    public let inputName: String?

    public init(_ name: String, _ input: InputKind, structured: Bool = false, cgiHeaderKeys: Bool = false, label: String? = nil,
                namedByFirstArgument: Bool = false, trustedKeyword: String? = nil, trustedPosition: Int? = nil, isRoutePath: Bool = false,
                inputName: String? = nil) {
        self.inputName = inputName
        self.name = name
        self.label = label ?? name
        self.input = input
        self.isStructured = structured
        self.cgiHeaderKeys = cgiHeaderKeys
        self.namedByFirstArgument = namedByFirstArgument
        self.trustedKeyword = trustedKeyword
        self.trustedPosition = trustedPosition
        self.isRoutePath = isRoutePath
    }
}

/// How a framework's requests reach the code, as data.
public struct FrameworkModel: Sendable {
    public let framework: Framework
    /// Top-level packages whose import marks a module as using the framework.
    public let packages: [String]
    /// Module-level request objects (`flask.request`).
    public let requestGlobals: Set<String>
    /// Classes whose instances are the request, for annotated parameters (`starlette.requests.Request`).
    public let requestClasses: Set<String>
    /// A handler parameter with this name is the request in a module that imports the
    /// framework (Django's views: `def view(request, ...)`, first after `self` in methods).
    public let requestParameter: String?
    /// Base classes of request handlers whose `self` is the request (`http.server`).
    public let handlerBases: Set<String>
    /// WSGI applications: `def app(environ, start_response)`; `environ` is the request.
    public let isWSGI: Bool
    /// Request attributes (`request.args`).
    public let attributes: [String: RequestField]
    /// Request methods whose result is request data (`request.get_json()`).
    public let methods: [String: RequestField]
    /// Keys of a request mapping read with `[]`/`.get` (WSGI `environ["QUERY_STRING"]`); keys
    /// starting with `HTTP_` are headers.
    public let keys: [String: RequestField]
    /// App and router classes whose decorator methods register routes, and those methods.
    public let routeOwners: Set<String>
    public let routeVerbs: Set<String>
    /// Handlers whose `self` holds the request instead of being it: the attribute that holds it
    /// (`self.request` in a Tornado `RequestHandler` or an aiohttp `web.View`). Nil when `self`
    /// is the request (`http.server`).
    public let handlerRequestAttribute: String?
    /// Attributes and methods of such a handler's `self` that read the request (Tornado's
    /// `self.path_args`, `self.get_argument("q")`).
    public let handlerAttributes: [String: RequestField]
    public let handlerMethods: [String: RequestField]
    /// Methods of a handler class whose parameters after `self` are URL parts (Tornado's
    /// `def get(self, slug)`, filled from the route's capture groups).
    public let urlParameterMethods: Set<String>
    /// A route function's first parameter is the request, whatever its name (aiohttp's
    /// `async def handler(request)`, Sanic's); its other parameters are URL parts (Sanic's
    /// `/<name>`). Also for functions a route registration names (`routeRegistrations`).
    public let requestIsFirstParameter: Bool
    /// URL-part converters whose value is not free text (Sanic's `<id:int>`, `<day:ymd>`,
    /// Falcon's `{id:int}`, Bottle's `<id:int>`): such a part is not request text
    /// (`RoutePattern.isText`; a digits-only regex is not either).
    public let nonTextConverters: Set<String>
    /// Calls (and route-list tuples) that register a handler for a URL:
    /// `app.router.add_get("/x", handler)`, `tornado.web.url(r"/x", Handler)`.
    public let routeRegistrations: [RouteRegistration]
    /// Module-level functions that register a route on a default app, used as decorators
    /// (`@bottle.route("/x")`, `@get("/x")`); their last name component is the verb.
    public let routeFunctions: Set<String>
    /// A route function's parameters that its pattern names are URL parts, the request being
    /// a global (Bottle's `@route("/hello/<name>") def hello(name)`), whether a decorator or a
    /// registration (`app.route(path, callback=f)`) routes it.
    public let routeParametersAreURLParts: Bool
    /// Bottle's legacy wildcards `:name` and `:name#regex#` besides `<name>`: paths are read
    /// into the current syntax (`RoutePattern.fromColonWildcards`).
    public let colonWildcards: Bool
    /// A URL part read by key (`request.matchdict["id"]`, a responder's `params["id"]`) under a
    /// route that converts it (`nonTextConverters`, `{id:\d+}`) is not text: the read ends the flow.
    public let convertedURLPartReads: Bool
    /// Handlers found by method name, not decorator (Falcon's `on_get(self, req, resp)`).
    public let responders: [ResponderConvention]
    /// Parameter names that may stand right before the `requestParameter` (Pyramid's
    /// `def view(context, request)` and `__init__(self, context, request)`).
    public let requestParameterAfter: Set<String>
    /// Request fields whose keys are also read as attributes (Bottle's `FormsDict`:
    /// `request.query.name` is `request.query.getunicode("name")`), and their methods that
    /// read one key (`getunicode`, `getall`, `get`).
    public let attributeMappings: Set<String>
    public let mappingReaders: Set<String>
    /// Attributes of a field's values that the framework has already reduced to a safe shape,
    /// by field label: Bottle's `FileUpload.filename` keeps only letters, digits and `-_.`
    /// (`raw_filename` is the client's). Reading one ends the flow.
    public let sanitizedAttributes: [String: Set<String>]

    public init(framework: Framework, packages: [String], requestGlobals: Set<String> = [], requestClasses: Set<String> = [],
                requestParameter: String? = nil, handlerBases: Set<String> = [], isWSGI: Bool = false,
                attributes: [RequestField] = [], methods: [RequestField] = [], keys: [RequestField] = [],
                routeOwners: Set<String> = [], routeVerbs: Set<String> = [],
                handlerRequestAttribute: String? = nil, handlerAttributes: [RequestField] = [], handlerMethods: [RequestField] = [],
                urlParameterMethods: Set<String> = [], requestIsFirstParameter: Bool = false, nonTextConverters: Set<String> = [],
                routeRegistrations: [RouteRegistration] = [], routeFunctions: Set<String> = [],
                routeParametersAreURLParts: Bool = false, colonWildcards: Bool = false, convertedURLPartReads: Bool = false, responders: [ResponderConvention] = [], requestParameterAfter: Set<String> = [],
                attributeMappings: Set<String> = [], mappingReaders: Set<String> = [], sanitizedAttributes: [String: Set<String>] = [:]) {
        self.framework = framework
        self.packages = packages
        self.requestGlobals = requestGlobals
        self.requestClasses = requestClasses
        self.requestParameter = requestParameter
        self.handlerBases = handlerBases
        self.isWSGI = isWSGI
        self.attributes = Dictionary(attributes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.methods = Dictionary(methods.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.keys = Dictionary(keys.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.routeOwners = routeOwners
        self.routeVerbs = routeVerbs
        self.handlerRequestAttribute = handlerRequestAttribute
        self.handlerAttributes = Dictionary(handlerAttributes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.handlerMethods = Dictionary(handlerMethods.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.urlParameterMethods = urlParameterMethods
        self.requestIsFirstParameter = requestIsFirstParameter
        self.nonTextConverters = nonTextConverters
        self.routeRegistrations = routeRegistrations
        self.routeFunctions = routeFunctions
        self.routeParametersAreURLParts = routeParametersAreURLParts
        self.colonWildcards = colonWildcards
        self.convertedURLPartReads = convertedURLPartReads
        self.responders = responders
        self.requestParameterAfter = requestParameterAfter
        self.attributeMappings = attributeMappings
        self.mappingReaders = mappingReaders
        self.sanitizedAttributes = sanitizedAttributes
    }

    /// The field a request-mapping key reads (`HTTP_*` keys are headers).
    public func key(_ name: String) -> RequestField? {
        if let field = keys[name] { return field }
        if name.hasPrefix("HTTP_") { return RequestField(name, name == "HTTP_COOKIE" ? .cookie : .header, cgiHeaderKeys: true) }
        return nil
    }
}

/// Every framework model, and the look-ups the source model needs.
public enum FrameworkCatalog {
    /// Request fields holding the request's own absolute URL (scheme, the host the browser
    /// used, path): a redirect there cannot leave the site, so they are no open-redirect source
    /// (a bare path can be: `//evil.example/` is a path).
    public static let ownURLFields: [Framework: Set<String>] = [
        .flask: ["url", "base_url", "url_root", "host_url"], .quart: ["url", "base_url", "url_root", "host_url"],
        .django: ["build_absolute_uri", "get_full_path", "get_full_path_info", "path", "path_info"], .starlette: ["url"], .fastapi: ["url"], .aiohttp: ["url"], .sanic: ["url"], .bottle: ["url"],
        .falcon: ["uri", "url"], .pyramid: ["url", "path_url", "application_url", "host_url"],
    ]

    public static let all: [FrameworkModel] = [Flask.model, Quart.model, Django.model, Starlette.model, FastAPI.model, HTTPServer.model, WSGI.model,
                                               Tornado.model, AioHTTP.model, Sanic.model, Falcon.model, Bottle.model, Pyramid.model]

    public static func model(_ framework: Framework) -> FrameworkModel {
        byFramework[framework]!
    }

    static let byFramework: [Framework: FrameworkModel] = Dictionary(all.map { ($0.framework, $0) }, uniquingKeysWith: { first, _ in first })

    /// The framework whose module-level request object this qualified name is.
    public static let requestGlobals: [String: Framework] = index { $0.requestGlobals }
    /// The framework whose request class this qualified name is (for annotations).
    public static let requestClasses: [String: Framework] = index { $0.requestClasses }
    /// The framework whose handler base class this is.
    public static let handlerBases: [String: Framework] = index { $0.handlerBases }
    /// The framework whose app or router class this is.
    public static let routeOwners: [String: Framework] = index { $0.routeOwners }
    /// The framework whose module-level route decorator this is (`bottle.route`).
    public static let routeFunctions: [String: Framework] = index { $0.routeFunctions }

    /// Top-level packages of every framework that has request objects to import.
    public static let packages: [String] = all.flatMap(\.packages)

    /// The field a framework's requests report as `label`: an attribute, a method or a key.
    public static func field(_ framework: Framework, _ label: String) -> RequestField? {
        let model = model(framework)
        return model.attributes[label] ?? model.methods.values.first { $0.label == label } ?? model.key(label)
            ?? model.handlerAttributes[label] ?? model.handlerMethods.values.first { $0.label == label }
    }

    private static func index(_ names: (FrameworkModel) -> Set<String>) -> [String: Framework] {
        var out: [String: Framework] = [:]
        for model in all { for name in names(model) where out[name] == nil { out[name] = model.framework } }
        return out
    }
}
