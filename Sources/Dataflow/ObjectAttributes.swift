import PythonSemantics
import PythonSyntax

/// The values a class's methods store in attributes of `self` (`self.name = name` in
/// `__init__`, `self.cache[key] = ...` is not a store of `cache`). A read of `self.name` in
/// any method of the class may see any of them: the analysis does not order method calls.
enum ObjectAttributes {
    /// Class qualified name → attribute name → the values assigned to `self.<attribute>`.
    static func collect(_ model: SemanticModel) -> [String: [String: [ExprID]]] {
        var out: [String: [String: [ExprID]]] = [:]
        let tree = model.tree
        for scope in model.scopes where scope.kind == .function {
            guard let parent = scope.parent, model[parent].kind == .class, case .statement(let stmt) = scope.node else { continue }
            let def: FunctionDef
            switch tree[stmt].kind {
            case .functionDef(let d), .asyncFunctionDef(let d): def = d
            default: continue
            }
            // The receiver: the first positional parameter, unless the method is static.
            let isStatic = def.decoratorList.contains { tree.nameIdentifier($0) == "staticmethod" || tree.nameIdentifier($0) == "classmethod" }
            guard !isStatic, let receiver = tree.parameters(of: def.args).first?.arg else { continue }
            let className = model[parent].qualifiedName
            var stack = def.body
            while let next = stack.popLast() {
                switch tree[next].kind {
                case .functionDef, .asyncFunctionDef, .classDef:
                    continue
                case .assign(let targets, let value, _):
                    for target in targets { record(target, value) }
                case .annAssign(let target, _, let value?, _):
                    record(target, value)
                default:
                    break
                }
                for block in tree.childBodies(of: next) { stack.append(contentsOf: block) }
            }
            func record(_ target: ExprID, _ value: ExprID) {
                guard case .attribute(let base, let attr, _) = tree[target].kind, case .name(let id, _) = tree[base].kind, id == receiver else { return }
                out[className, default: [:]][attr, default: []].append(value)
            }
        }
        return out
    }
}
