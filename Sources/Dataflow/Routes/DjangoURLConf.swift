import PythonSemantics
import PythonSyntax

/// Django's URL configuration read as data: `path("items/<int:pk>/", views.item)` and
/// `re_path(r"^files/(?P<name>.+)$", views.download)` in a module's `urlpatterns`,
/// `View.as_view()` for class-based views, and `path("shop/", include("shop.urls"))` prefixes.
/// Gives proofs of concept for Django views the URL they are served at, which no decorator
/// says, and the request-data sources the URL parts a view receives as parameters.
package enum DjangoURLConf {
    package static let pathFunctions: Set<String> = ["django.urls.path", "django.urls.conf.path"]
    /// Routes written as regular expressions (`url()` is their name before Django 4.0).
    package static let regexPathFunctions: Set<String> = ["django.urls.re_path", "django.urls.conf.re_path", "django.conf.urls.url"]
    package static let includeFunctions: Set<String> = ["django.urls.include", "django.urls.conf.include", "django.conf.urls.include"]
    /// Methods of a class-based view that answer a request, and their HTTP method.
    package static let viewMethods: [String: String] = ["get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE",
                                                "dispatch": "GET", "form_valid": "POST"]

    package struct Entries {
        /// View qualified name (as written, not canonical) → the route below this module's prefix.
        package var views: [(view: String, path: String, isClass: Bool)] = []
        /// Included module → the prefix it is mounted at, below this module's prefix.
        package var includes: [(module: String, prefix: String)] = []
    }

    package static func entries(_ model: SemanticModel) -> Entries {
        var out = Entries()
        let tree = model.tree
        for index in tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard case .call(let function, let args, let keywords) = tree[id].kind, args.count >= 2 || (args.count == 1 && keywords.contains { $0.arg == "view" }),
                  let name = model.qualifiedName(of: function), pathFunctions.contains(name) || regexPathFunctions.contains(name),
                  let written = model.constantString(of: args[0]) else { continue }
            let route = regexPathFunctions.contains(name) ? pathPattern(regex: written) : written
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

    /// A `re_path` regex as the pattern `path()` would write: `^files/(?P<name>[^/]+)\.txt$` is
    /// `files/<name>.txt`. Anchors and escapes go, named groups become parameters (a group of
    /// digits only, `(?P<pk>[0-9]+)`, an `int` one, as `<int:pk>` is), other groups are kept
    /// as their text. Close enough to build a request from, and to name the URL parts.
    package static func pathPattern(regex: String) -> String {
        var out = ""
        var chars = Array(regex)[...]
        if chars.first == "^" { chars = chars.dropFirst() }
        if chars.last == "$" { chars = chars.dropLast() }
        while let c = chars.popFirst() {
            switch c {
            case "\\":
                if let escaped = chars.popFirst() { out.append(escaped) }
            case "(":
                guard chars.starts(with: "?P<"), let close = chars.firstIndex(of: ">") else { continue }
                let name = String(chars[chars.index(chars.startIndex, offsetBy: 3)..<close])
                chars = chars[chars.index(after: close)...]
                // The group's own pattern, up to its closing parenthesis.
                var body = ""
                var depth = 0
                while let inner = chars.popFirst() {
                    if inner == "\\", let escaped = chars.popFirst() { body += "\\" + String(escaped); continue }
                    if inner == "(" { depth += 1 }
                    if inner == ")" { if depth == 0 { break }; depth -= 1 }
                    body.append(inner)
                }
                out += isDigits(body) ? "<int:\(name)>" : "<\(name)>"
            case ")", "^", "$", "?", "+", "*":
                continue
            default:
                out.append(c)
            }
        }
        return out
    }

    /// A group pattern that matches digits only: `[0-9]+`, `\d{4}`.
    private static func isDigits(_ pattern: String) -> Bool {
        var rest = pattern.replacingOccurrences(of: "[0-9]", with: "").replacingOccurrences(of: "\\d", with: "")
        guard rest.count < pattern.count else { return false }
        rest = rest.filter { !"+*?{},0123456789".contains($0) }
        return rest.isEmpty
    }

    /// Project function qualified name → the route that serves it.
    package static func routes(_ models: [SemanticModel], project: ProjectIndex) -> [String: Route] {
        var perModule: [String: Entries] = [:]
        for model in models where Taint.importsModule(["django"], model) {
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
                    var verbs: [String] = []
                    for (method, verb) in viewMethods.sorted(by: { $0.key < $1.key }) where project.functions[cls + "." + method] != nil && out[cls + "." + method] == nil {
                        out[cls + "." + method] = Route(methods: [verb], path: path)
                        verbs.append(verb)
                    }
                    // The class's other methods (`get_queryset`, `get_context_data`) run for the same URL.
                    for method in project.classes[cls]?.methods ?? [] where project.functions[cls + "." + method] != nil && out[cls + "." + method] == nil {
                        out[cls + "." + method] = Route(methods: verbs.isEmpty ? ["GET"] : verbs, path: path)
                    }
                } else if let function = project.resolveFunction(view.view), out[function] == nil {
                    out[function] = Route(methods: ["GET", "POST"], path: path)
                }
            }
        }
        return out
    }
}
