import PythonSemantics
import PythonSyntax

/// Django's URL configuration read as data: `path("items/<int:pk>/", views.item)` in a module's
/// `urlpatterns`, `View.as_view()` for class-based views, and `path("shop/", include("shop.urls"))`
/// prefixes. Gives proofs of concept for Django views the URL they are served at, which no
/// decorator says.
enum DjangoURLConf {
    static let pathFunctions: Set<String> = ["django.urls.path", "django.urls.conf.path"]
    static let includeFunctions: Set<String> = ["django.urls.include", "django.urls.conf.include", "django.conf.urls.include"]
    /// Methods of a class-based view that answer a request, and their HTTP method.
    static let viewMethods: [String: String] = ["get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE",
                                                "dispatch": "GET", "form_valid": "POST"]

    struct Entries {
        /// View qualified name (as written, not canonical) → the route below this module's prefix.
        var views: [(view: String, path: String, isClass: Bool)] = []
        /// Included module → the prefix it is mounted at, below this module's prefix.
        var includes: [(module: String, prefix: String)] = []
    }

    static func entries(_ model: SemanticModel) -> Entries {
        var out = Entries()
        let tree = model.tree
        for index in tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard case .call(let function, let args, let keywords) = tree[id].kind, args.count >= 2 || (args.count == 1 && keywords.contains { $0.arg == "view" }),
                  let name = model.qualifiedName(of: function), pathFunctions.contains(name),
                  let route = model.constantString(of: args[0]) else { continue }
            let view = args.count >= 2 ? args[1] : keywords.first { $0.arg == "view" }!.value
            switch tree[view].kind {
            case .call(let inner, let innerArgs, _):
                if let innerName = model.qualifiedName(of: inner), includeFunctions.contains(innerName), let first = innerArgs.first {
                    if let module = model.constantString(of: first) { out.includes.append((module, route)) }
                } else if case .attribute(let base, "as_view", _) = tree[inner].kind, let cls = model.qualifiedName(of: base) {
                    out.views.append((cls, route, true))
                }
            default:
                if let target = model.qualifiedName(of: view) { out.views.append((target, route, false)) }
            }
        }
        return out
    }

    /// Project function qualified name → the route that serves it.
    static func routes(_ models: [SemanticModel], project: ProjectIndex) -> [String: Route] {
        var perModule: [String: Entries] = [:]
        for model in models where RequestSources.importsModule(["django"], model) {
            let found = entries(model)
            if !found.views.isEmpty || !found.includes.isEmpty { perModule[model.moduleName] = found }
        }
        guard !perModule.isEmpty else { return [:] }
        // Prefixes: a module included by another is mounted below that one's prefix; the root
        // URLconf (included by none) at "/". Bounded, so an include cycle ends.
        var prefix: [String: String] = [:]
        let included = Set(perModule.values.flatMap { $0.includes.map(\.module) })
        for module in perModule.keys where !included.contains(module) { prefix[module] = "/" }
        for _ in 0..<8 {
            var changed = false
            for (module, found) in perModule {
                guard let base = prefix[module] else { continue }
                for include in found.includes where prefix[include.module] == nil {
                    prefix[include.module] = base + include.prefix
                    changed = true
                }
            }
            if !changed { break }
        }
        var out: [String: Route] = [:]
        for (module, found) in perModule {
            guard let base = prefix[module] else { continue }
            for view in found.views {
                let path = base + view.path
                if view.isClass {
                    let cls = project.canonicalName(view.view)
                    for (method, verb) in viewMethods where project.functions[cls + "." + method] != nil && out[cls + "." + method] == nil {
                        out[cls + "." + method] = Route(methods: [verb], path: path)
                    }
                } else if let function = project.resolveFunction(view.view), out[function] == nil {
                    out[function] = Route(methods: ["GET", "POST"], path: path)
                }
            }
        }
        return out
    }
}
