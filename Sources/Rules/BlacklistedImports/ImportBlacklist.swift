import Dataflow
import Findings
import PythonSyntax

/// Shared check of the B4xx rules (not a rule itself): reports `import m`/`from m import x`
/// statements whose module is, or is inside, one of `modules`.
enum ImportBlacklist {
    /// The first imported module of `stmt` matching `modules` (`xml.etree` matches `xml.etree.ElementTree`).
    static func matchedModule(_ stmt: StmtID, _ modules: [String], _ context: RuleContext) -> String? {
        var imported: [String] = []
        switch context.tree[stmt].kind {
        case .import(let names):
            imported = names.map(\.name)
        case .importFrom(let module, let names, let level):
            guard level == 0, let module else { return nil }
            imported = [module] + names.map { module + "." + $0.name }
        default:
            return nil
        }
        for name in imported {
            for module in modules where name == module || name.hasPrefix(module + ".") { return name }
        }
        return nil
    }

    /// Does the module call `defusedxml.defuse_stdlib()`, which patches the standard XML parsers?
    static func defusesStdlib(_ context: RuleContext) -> Bool {
        context.tree.exprs.indices.contains { index in
            let id = ExprID(Int32(index))
            if case .call = context.tree[id].kind { return context.model.calleeName(of: id) == "defusedxml.defuse_stdlib" }
            return false
        }
    }

    /// Calls that import the module their first argument names.
    static let importFunctions: Set<String> = ["builtins.__import__", "importlib.import_module", "importlib.__import__"]

    /// The module a dynamic import with a constant name imports (`__import__("pickle")`,
    /// `importlib.import_module("subprocess")`), when it matches `modules`.
    static func dynamicallyImported(_ call: CallInfo, _ modules: [String], _ context: RuleContext) -> String? {
        guard let name = call.name, importFunctions.contains(name), let first = call.argument(0, "name"),
              let module = context.string(first) else { return nil }
        return modules.contains { module == $0 || module.hasPrefix($0 + ".") } ? module : nil
    }

    static func check(_ node: Node, _ context: RuleContext, descriptor: RuleDescriptor, modules: [String], why: String, instead: String,
                      xml: Bool = false) -> [Finding] {
        if let call = context.call(node), let module = dynamicallyImported(call, modules, context) {
            if xml, defusesStdlib(context) { return [] }
            return [context.finding(descriptor, at: call.id, description: "`\(module)` is imported (`\(context.text(call.function, limit: 30))`): \(why)", remediation: instead)]
        }
        guard case .statement(let stmt) = node, let module = matchedModule(stmt, modules, context),
              !TypeCheckingBlock.contains(stmt, context) else { return [] }
        if xml, defusesStdlib(context) { return [] }
        return [context.finding(descriptor, at: stmt, description: "`\(module)` is imported: \(why)", remediation: instead)]
    }
}
