import Dataflow
import PythonSemantics
import PythonSyntax

/// A Flask or Quart view as the access-control rules read it: its route, what its decorators
/// require of the caller (by `RouteAuthentication`), the blueprint or app it hangs off, and its
/// statements as text. Nil for a function that is no decorator-routed Flask/Quart view, and for
/// one with a decorator Taintline cannot judge (a project's own decorator may be the check).
struct FlaskView {
    let route: Route
    let name: String
    /// The route decorator's receiver as written (`app`, `admin_bp`).
    let receiver: String
    let effects: [Controls.Effect]
    /// The handler's statements as written, lower-cased (not its decorators or `def` line).
    let body: String

    /// The scope of the handler's own statements.
    let scope: ScopeID?

    var authenticates: Bool { effects.contains(.authenticates) || effects.contains(.authorises) }
    var authorises: Bool { effects.contains(.authorises) }

    /// Decorators that decide nothing about the caller (rate limits, CSRF exemptions, caching, CORS).
    static let neutralAttributes: Set<String> = ["limit", "shared_limit", "exempt", "cached", "memoize", "cross_origin"]

    init?(_ stmt: StmtID, _ context: RuleContext) {
        let def: FunctionDef
        switch context.tree[stmt].kind {
        case .functionDef(let d), .asyncFunctionDef(let d): def = d
        default: return nil
        }
        guard let route = context.route(of: stmt) else { return nil }
        var receiver = ""
        var effects: [Controls.Effect] = []
        var isFlask = false
        for decorator in context.model.decorators(of: stmt) {
            if let attribute = decorator.attribute, FlowContext.routeDecorators[attribute] != nil,
               decorator.receiverClass.map({ FlowContext.routeOwners.contains($0) }) ?? true {
                let framework = Taint.routeDecoratorFramework(decorator, context)
                if framework == .flask || framework == .quart || (framework == nil && Taint.importsModule(["flask", "quart"], context)) { isFlask = true }
                if let call = decorator.call, case .call(let function, _, _) = context.tree[call].kind,
                   case .attribute(let object, _, _) = context.tree[function].kind {
                    receiver = context.text(object, limit: 60)
                }
                continue
            }
            if let (effect, _) = RouteAuthentication.effect(of: decorator, context) {
                effects.append(effect)
                continue
            }
            if let attribute = decorator.attribute, Self.neutralAttributes.contains(attribute) { continue }
            if decorator.qualifiedName.map({ Self.neutralAttributes.contains(String($0.split(separator: ".").last ?? "")) }) == true { continue }
            return nil
        }
        guard isFlask, !effects.contains(.allowsAnyone) else { return nil }
        self.route = route
        self.name = def.name
        self.receiver = receiver
        self.effects = effects
        self.scope = def.body.first.flatMap { context.model.scope(of: $0) }
        self.body = def.body.map { context.source.text(context.tree[$0].range) }.joined(separator: "\n").lowercased()
    }

    /// Does the handler read Flask's `session` global (not an ORM's `db.session`)?
    var readsSession: Bool {
        var rest = body[...]
        while let found = rest.range(of: "session") {
            let before = found.lowerBound > body.startIndex ? body[body.index(before: found.lowerBound)] : " "
            if before != "." && before != "_" && !before.isLetter && !before.isNumber { return true }
            rest = body[found.upperBound...]
        }
        return false
    }
}
