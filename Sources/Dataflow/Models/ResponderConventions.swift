/// Request handlers a framework finds by their method names instead of a decorator: Falcon
/// calls `on_get(self, req, resp, **params)` of a resource routed with
/// `app.add_route("/items/{id}", ItemResource())`, and `process_request(self, req, resp)` of
/// its middleware. Which parameter holds the request, the response and the URL parts is data.
public struct ResponderConvention: Sendable, Hashable {
    /// The method names (`on_get`, `on_post`, ...).
    public let methods: Set<String>
    /// The prefix before the HTTP method in a method's name (`on_` in `on_get`); nil when the
    /// methods answer every request (middleware).
    public let verbPrefix: String?
    /// Whether `on_get_<suffix>` answers too (`add_route(..., suffix="item")`).
    public let allowsSuffix: Bool
    /// Positions in the parameter list, `self` being 0: the request (Falcon: 1) and the
    /// response (Falcon: 2).
    public let requestPosition: Int
    public let responsePosition: Int?
    /// Parameters from this position on (and a `**params` mapping) receive the route's URL
    /// template fields (Falcon: 3); nil when the methods take none.
    public let firstURLPosition: Int?

    public init(methods: Set<String>, verbPrefix: String? = nil, allowsSuffix: Bool = false, requestPosition: Int,
                responsePosition: Int? = nil, firstURLPosition: Int? = nil) {
        self.methods = methods
        self.verbPrefix = verbPrefix
        self.allowsSuffix = allowsSuffix
        self.requestPosition = requestPosition
        self.responsePosition = responsePosition
        self.firstURLPosition = firstURLPosition
    }

    /// The plain method a method of this name is (`on_get_item` is `on_get`, with the suffix
    /// `item`); nil when the name is not one of these handlers.
    public func responder(_ name: String) -> (method: String, suffix: String)? {
        if methods.contains(name) { return (name, "") }
        guard allowsSuffix else { return nil }
        for method in methods.sorted() where name.hasPrefix(method + "_") && name.count > method.count + 1 {
            return (method, String(name.dropFirst(method.count + 1)))
        }
        return nil
    }

    /// The HTTP method a responder answers (`on_post_item`: POST), when the name says it.
    public func httpMethod(_ name: String) -> String? {
        guard let verbPrefix, let (method, _) = responder(name), method.hasPrefix(verbPrefix) else { return nil }
        return method.dropFirst(verbPrefix.count).uppercased()
    }
}
