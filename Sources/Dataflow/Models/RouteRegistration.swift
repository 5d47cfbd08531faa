/// A call (or a route-list entry) that registers a request handler for a URL, as data:
/// aiohttp's `app.router.add_get("/items/{id}", handler)` is the method `add_get` with the path
/// at argument 0, the handler at argument 1 and the method GET; Tornado's
/// `Application([(r"/items/(\d+)", ItemHandler)])` is a tuple with the path first; Falcon's
/// `app.add_route("/items/{id}", ItemResource(), suffix="item")` routes the responders of the
/// resource's class; Bottle's `app.route("/x", "POST", callback=f)` names the callback by keyword.
///
/// The source model reads these to know which functions are handlers when no decorator says
/// so (their first parameter is then the request, for frameworks with
/// `FrameworkModel.requestIsFirstParameter`), and proofs of concept read the path.
public struct RouteRegistration: Sendable, Hashable {
    /// How the registration is written.
    public enum Form: Sendable, Hashable {
        /// A method of a router or app, whatever the receiver (`router.add_get`): the receiver
        /// is often an app passed in (`def setup_routes(app)`), so the module's framework
        /// import, a constant path starting with `/` and a handler defined in the project decide.
        case method(String)
        /// A function, by qualified name (`aiohttp.web.get`, `tornado.web.url`).
        case function(String)
        /// A tuple in a list of routes (`(r"/x", Handler)`), with a handler class of the framework.
        case tuple
    }

    public let form: Form
    /// Positions of the path and handler arguments (tuple elements for `.tuple`), or the
    /// keywords that pass them (`uri_template=`, `callback=`): nil where one way is not used
    /// (Bottle's `app.get(path, callback=f)` takes the handler only by keyword).
    public let path: Int
    public let pathKeyword: String?
    public let handler: Int?
    public let handlerKeyword: String?
    /// The HTTP method the registration implies (`add_post` is POST); nil when another argument
    /// (`methodArgument`) or the handler's own methods (a class view) say.
    public let method: String?
    /// The argument that names the HTTP method (`add_route("PUT", "/x", handler)`), a string
    /// or a list of them.
    public let methodArgument: Int?
    /// A keyword naming the HTTP methods (`add_route(handler, "/x", methods=["POST"])`).
    public let methodsKeyword: String?
    /// A keyword that picks which of a handler object's responders the route serves
    /// (Falcon's `suffix="item"` routes `on_get_item`; see `FrameworkModel.responders`).
    public let suffixKeyword: String?
    /// The path is a regular expression whose capture groups are the handler's parameters
    /// (Tornado), not a template with named placeholders.
    public let isRegex: Bool

    public init(_ form: Form, path: Int, pathKeyword: String? = nil, handler: Int?, handlerKeyword: String? = nil, method: String? = nil,
                methodArgument: Int? = nil, methodsKeyword: String? = nil, suffixKeyword: String? = nil, isRegex: Bool = false) {
        self.form = form
        self.path = path
        self.pathKeyword = pathKeyword
        self.handler = handler
        self.handlerKeyword = handlerKeyword
        self.method = method
        self.methodArgument = methodArgument
        self.methodsKeyword = methodsKeyword
        self.suffixKeyword = suffixKeyword
        self.isRegex = isRegex
    }
}
