import PythonSemantics
import PythonSyntax

/// Request data a Django view receives besides its `request` parameter: the URL parts the URL
/// configuration passes it, and what a class-based view's `setup()` stores on the instance
/// (`self.request`, `self.kwargs`, `self.args`).
extension Taint {
    /// A URL part of a Django view: a parameter the project's URL configuration fills from the
    /// path (`path("tags/<str:tag>/", TagView.as_view())` gives `TagView.get(self, request, tag)`
    /// its `tag`; `re_path(r"^files/(?P<name>.+)$", download)` gives `download` its `name`), or
    /// the handler's `**kwargs`, which holds them all. Converters that admit only safe text
    /// (`int`, `slug`, `uuid`, a digits-only group) are not sources, as Flask's `<int:...>` is
    /// not; a view no URL configuration routes has none.
    package static func djangoURLParameter(_ arg: Arg, of function: ScopeID, at expr: ExprID, _ context: FlowContext) -> RequestOrigin? {
        let scope = context.model[function]
        guard importsModule(Django.model.packages, context), let route = context.taintFacts.urlRoutes[scope.qualifiedName],
              case .statement(let stmt) = scope.node else { return nil }
        // Of a class-based view's methods, only the handlers get the URL parts as arguments.
        if let parent = scope.parent, context.model[parent].kind == .class,
           !Django.viewHandlers.contains(String(scope.qualifiedName.split(separator: ".").last ?? "")) { return nil }
        let isKeywords: Bool
        switch context.tree[stmt].kind {
        case .functionDef(let def), .asyncFunctionDef(let def): isKeywords = context.tree[def.args].kwarg?.arg == arg.arg
        default: return nil
        }
        if isKeywords {
            guard carriesText(route) else { return nil }
        } else {
            guard let converter = urlConverter(of: arg.arg, in: route.path), !Django.safeURLConverters.contains(converter) else { return nil }
        }
        return RequestOrigin(framework: .django, field: "parameter", expr: expr, isStructured: false)
    }

    /// `self.request` in a method of a class-based view: Django's request.
    package static func viewRequest(_ receiver: ExprID, _ attr: String, _ context: FlowContext) -> RequestOrigin.Framework? {
        guard attr == Django.viewRequestAttribute, isViewInstance(receiver, context) else { return nil }
        return .django
    }

    /// `self.kwargs` / `self.args` in a method of a class-based view: the URL parts, unless the
    /// route serving the view declares none that carries text.
    package static func viewURLArguments(_ expr: ExprID, _ receiver: ExprID, _ attr: String, _ context: FlowContext) -> RequestOrigin? {
        guard Django.viewURLAttributes.contains(attr), isViewInstance(receiver, context) else { return nil }
        if let route = context.route(containing: expr), !carriesText(route) { return nil }
        return RequestOrigin(framework: .django, field: "parameter", expr: expr, isStructured: false)
    }

    /// Does a route declare a URL part whose converter lets text through?
    package static func carriesText(_ route: Route) -> Bool {
        route.parameters.contains { name in urlConverter(of: name, in: route.path).map { !Django.safeURLConverters.contains($0) } ?? false }
    }

    /// The converter of the URL part `name` in a `path()` pattern (`str` when none is written),
    /// nil when the pattern has no such part.
    package static func urlConverter(of name: String, in pattern: String) -> String? {
        var rest = pattern[...]
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let part = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            let pieces = part.split(separator: ":", maxSplits: 1).map(String.init)
            if pieces.last == name { return pieces.count == 2 ? pieces[0] : "str" }
        }
        return nil
    }

    /// Is `expr` the `self` of a method of a class-based view: a class deriving (in this
    /// module, elsewhere in the project, or directly) from one in `Django.viewModules`, or a
    /// mixin that such a view lists among its bases (`class Edit(NextURLMixin, View)`)?
    package static func isViewInstance(_ expr: ExprID, _ context: FlowContext) -> Bool {
        guard case .name = context.tree[expr].kind else { return false }
        let defs = context.model.reachingBindings(of: expr)
        guard defs.count == 1, context.model.isMethodReceiver(defs[0]), case .parameter(_, let function) = context.model[defs[0]].kind,
              let classScope = context.model[function].parent else { return false }
        let name = context.project.canonicalName(context.model[classScope].qualifiedName)
        if isView(name, context.project) { return true }
        // A mixin a view lists among its bases.
        return (context.project.subclasses[name] ?? []).contains { isView($0, context.project) }
    }

    /// Does a project class derive, through project classes, from a class-based view?
    package static func isView(_ name: String, _ project: ProjectIndex) -> Bool {
        project.firstBase(of: name) { base in Django.viewModules.contains(where: { base.hasPrefix($0) }) ? true : nil } ?? false
    }
}
