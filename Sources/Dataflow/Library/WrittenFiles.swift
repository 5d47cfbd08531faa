import PythonSemantics
import PythonSyntax

/// Files the program writes that it later runs: a template under a templates folder (or with a
/// template's extension) is compiled when rendered, a `.py` module when imported. Text from the
/// request written there is template or code injection, one step removed. The sink is the
/// write (`f.write(x)` on `open(P, "w")`, `Path(P).write_text(x)`) of a file the program names
/// with a constant path.
public enum WrittenFiles {
    public enum Role: Sendable { case template, code }

    static let templateSuffixes = [".html", ".htm", ".j2", ".jinja", ".jinja2", ".tpl", ".tmpl", ".mako", ".djhtml"]

    /// What the written file becomes, the data written, and the file's path.
    public static func write(_ call: ExprID, _ model: SemanticModel) -> (role: Role, data: ExprID, path: String)? {
        let tree = model.tree
        guard case .call(let function, let args, let keywords) = tree[call].kind, let data = args.first ?? keywords.first?.value,
              case .attribute(let receiver, let method, _) = tree[function].kind else { return nil }
        let path: String?
        switch method {
        case "write", "writelines": path = openedForWriting(receiver, model)
        case "write_text", "write_bytes": path = pathObject(receiver, model)
        default: return nil
        }
        guard let path, let role = role(of: path) else { return nil }
        return (role, data, path)
    }

    /// `.py` is code; a template extension, or any file under a `templates` folder, a template.
    static func role(of path: String) -> Role? {
        let lower = path.lowercased()
        if lower.hasSuffix(".py") { return .code }
        if templateSuffixes.contains(where: lower.hasSuffix) || lower.contains("templates/") { return .template }
        return nil
    }

    /// The constant path of a file object opened for writing: `open(P, "w")` itself, or the name
    /// a `with open(P, "w") as f` or `f = open(P, "w")` binds.
    static func openedForWriting(_ expr: ExprID, _ model: SemanticModel) -> String? {
        var opened = expr
        if case .name = model.tree[expr].kind {
            let defs = model.reachingBindings(of: expr)
            guard defs.count == 1 else { return nil }
            switch model[defs[0]].kind {
            case .withTarget(let context): opened = context
            case .assignment(let value?): opened = value
            default: return nil
            }
        }
        guard case .call(let function, let args, let keywords) = model.tree[opened].kind,
              let name = model.qualifiedName(of: function), name == "builtins.open" || name == "io.open" || name == "codecs.open",
              let file = args.first ?? keywords.first(where: { $0.arg == "file" || $0.arg == "filename" })?.value,
              let path = model.constantString(of: file) else { return nil }
        let mode = (args.count > 1 ? args[1] : keywords.first { $0.arg == "mode" }?.value).flatMap { model.constantString(of: $0) } ?? "r"
        return mode.contains("w") || mode.contains("a") || mode.contains("x") ? path : nil
    }

    /// The constant path of `Path(P)` (directly or through a local bound once).
    static func pathObject(_ expr: ExprID, _ model: SemanticModel) -> String? {
        var value = expr
        if case .name = model.tree[expr].kind, let bound = model.assignedValue(of: expr) { value = bound }
        guard case .call(let function, let args, _) = model.tree[value].kind, let name = model.qualifiedName(of: function),
              name.hasPrefix("pathlib."), let first = args.first else { return nil }
        return model.constantString(of: first)
    }
}
