import PythonSemantics
import PythonSyntax
import Rules

/// The class a module-level object was built from, also when the code using it imports it
/// from another project module (`from shop import celery, limiter, csrf`): the semantic model
/// knows the constructor of names bound in the same module only. Remembered per object.
final class GlobalObjects {
    let inventory: CodeInventory
    private var known: [String: String?] = [:]

    init(_ inventory: CodeInventory) {
        self.inventory = inventory
    }

    /// What `expr` was built from (`flask_limiter.Limiter` for `limiter`), here or in the module it came from.
    func constructor(of expr: ExprID, file: Int) -> String? {
        let context = inventory.contexts[file]
        if let local = context.model.constructorName(of: expr) { return local }
        guard case .name = context.tree[expr].kind, let name = context.qualifiedName(expr) else { return nil }
        return constructor(ofGlobal: inventory.project.canonicalName(name))
    }

    /// The constructor of a module-level name given by its qualified name (`shop.celery`).
    func constructor(ofGlobal qualified: String) -> String? {
        if let cached = known[qualified] { return cached }
        known[qualified] = .some(nil)
        let parts = qualified.split(separator: ".").map(String.init)
        guard parts.count >= 2, let file = inventory.file(ofModule: parts.dropLast().joined(separator: ".")) else { return nil }
        let context = inventory.contexts[file]
        var found: String?
        for stmt in context.tree.body {
            let target: ExprID
            let value: ExprID
            switch context.tree[stmt].kind {
            case .assign(let targets, let v, _) where targets.count == 1: (target, value) = (targets[0], v)
            case .annAssign(let t, _, let v?, _): (target, value) = (t, v)
            default: continue
            }
            guard case .name(parts.last!, _) = context.tree[target].kind, case .call(let function, _, _) = context.tree[value].kind else { continue }
            found = context.qualifiedName(function)
        }
        known[qualified] = .some(found)
        return found
    }

    /// A decorator's receiver class (`@celery.task`, `@limiter.limit(...)`), through imports.
    func receiverClass(_ decorator: SemanticModel.Decorator, file: Int) -> String? {
        if let known = decorator.receiverClass { return known }
        let tree = inventory.contexts[file].tree
        var target = decorator.expr
        if let call = decorator.call, case .call(let function, _, _) = tree[call].kind { target = function }
        guard case .attribute(let receiver, _, _) = tree[target].kind else { return nil }
        return constructor(of: receiver, file: file)
    }
}
