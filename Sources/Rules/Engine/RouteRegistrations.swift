import Dataflow
import PythonSemantics
import PythonSyntax

/// A handler put on a URL by a registration call rather than its own decorator: Falcon's
/// `app.add_route("/items/{id}", ItemResource())` routes the resource's responders, Bottle's
/// `app.route("/x", callback=f)` a function, Pyramid's `config.add_route` joined with
/// `@view_config(route_name=...)` or `config.add_view(...)` a view.
public struct RegisteredRoute: Sendable, Hashable {
    /// What the framework passes the handler (see `RequestSources.urlPartParameter`).
    public enum Kind: Sendable, Hashable {
        /// Its parameters are the URL wildcards (Bottle).
        case routeFunction
        /// A method called by name with the request, the response and the URL fields (Falcon).
        case responder
        /// It takes the request; URL parts are read from it (Pyramid's `matchdict`).
        case view
    }

    public let framework: Framework
    public let kind: Kind
    /// The route, its path as the registration wrote it (Bottle's `:name` written `<name>`).
    public let route: Route
}

/// The project-wide pass that reads registration calls, before the rules run (like
/// `DjangoURLConf`): each framework's reader gives function qualified names and their routes.
enum RouteRegistrations {
    static func routes(_ models: [SemanticModel], project: ProjectIndex) -> [String: RegisteredRoute] {
        var out: [String: RegisteredRoute] = [:]
        for (function, route) in FalconRoutes.routes(models, project: project) where out[function] == nil { out[function] = route }
        for (function, route) in BottleRoutes.routes(models, project: project) where out[function] == nil { out[function] = route }
        for (function, route) in PyramidConfig.routes(models, project: project) where out[function] == nil { out[function] = route }
        return out
    }

    /// The calls of one module, in source order.
    static func calls(_ model: SemanticModel) -> [(id: ExprID, function: ExprID, args: [ExprID], keywords: [Keyword])] {
        model.tree.exprs.indices.compactMap { index in
            guard case .call(let function, let args, let keywords) = model.tree.exprs[index].kind else { return nil }
            return (ExprID(Int32(index)), function, args, keywords)
        }
    }

    /// The value passed as positional `index` or keyword `name`.
    static func argument(_ args: [ExprID], _ keywords: [Keyword], _ index: Int?, _ name: String) -> ExprID? {
        if let index, index < args.count { return args[index] }
        return keywords.first { $0.arg == name }?.value
    }

    /// A constant string, or a list/tuple of them (`method=["GET", "POST"]`), upper-cased.
    static func httpMethods(_ expr: ExprID?, _ model: SemanticModel) -> [String]? {
        guard let expr else { return nil }
        if let text = model.constantString(of: expr) { return [text.uppercased()] }
        switch model.tree[expr].kind {
        case .list(let items, _), .tuple(let items, _):
            let texts = items.compactMap { model.constantString(of: $0)?.uppercased() }
            return texts.count == items.count && !texts.isEmpty ? texts : nil
        default:
            return nil
        }
    }
}
