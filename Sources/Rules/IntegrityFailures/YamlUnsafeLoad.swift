import Dataflow
import Findings
import PythonSyntax

/// B506: `yaml.load` without a safe loader.
enum YamlUnsafeLoad {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B506", name: "yaml-unsafe-load", summary: "yaml.load with an unsafe or default Loader",
        severity: .medium, confidence: .high, owasp: .a08, cwe: 502, bandit: "B506", ruff: "S506",
        what: "Finds `yaml.load`/`yaml.load_all` without `Loader=SafeLoader`/`CSafeLoader`/`BaseLoader`, and `yaml.unsafe_load`/`unsafe_load_all`, however `yaml` was imported.",
        why: "The full and unsafe loaders build arbitrary Python objects from tags such as `!!python/object/apply:os.system`, so a YAML document can run code.",
        example: "config = yaml.load(stream, Loader=yaml.Loader)",
        useInstead: "config = yaml.safe_load(stream)",
        references: [RuleDoc.bandit("plugins/b506_yaml_load.html"), "https://pyyaml.org/wiki/PyYAMLDocumentation"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import yaml
        from yaml import load, Loader
        a = yaml.load(stream)  # error: TL-B506
        b = load(stream, Loader=Loader)  # error: TL-B506
        c = yaml.unsafe_load(stream)  # error: TL-B506
        """),
        RuleExample("""
        import yaml
        from yaml import CSafeLoader
        a = yaml.safe_load(stream)
        b = yaml.load(stream, Loader=yaml.SafeLoader)
        c = yaml.load(stream, CSafeLoader)
        import json
        d = json.load(stream)
        """),
        // A document the program fixes itself (a constant, or only constants reach it) loads
        // nothing an attacker wrote.
        RuleExample("""
        import yaml
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/y", methods=["POST"])
        def y():
            param = request.form.get("p", "")
            bar = "text: safe" if 7 * 42 - 86 > 200 else param
            fixed = yaml.load(bar, Loader=yaml.Loader)
            spelt = yaml.load("a: 1", Loader=yaml.Loader)
            num = 86
            if 7 * 42 - num > 200:
                chosen = "a: 1"
            else:
                chosen = param
            copy = ""
            copy += "b: 2"
            yaml.load(chosen, Loader=yaml.Loader)
            yaml.load(copy, Loader=yaml.Loader)
            grown = ""
            grown += param
            yaml.load(grown, Loader=yaml.Loader)  # error: TL-B506
            other = "text: safe" if 7 * 42 - 86 < 200 else param
            return str(fixed) + str(spelt) + str(yaml.load(other, Loader=yaml.Loader))  # error: TL-B506
        """),
    ], autofix: Autofix(.safe, safety: "`yaml.safe_load` (and `safe_load_all`) builds the same values as the default, full and unsafe loaders for every document that uses only YAML's standard tags (mappings, lists, strings, numbers, booleans, dates), and refuses the `!!python/...` tags that construct objects and run code; only a document that relied on such a tag stops loading. A call with a loader of its own or a C loader (`CLoader`) is not rewritten.", examples: [
        FixExample("""
        import yaml
        from yaml import load, Loader
        a = yaml.load(stream)
        b = yaml.load(stream, Loader=yaml.FullLoader)
        c = yaml.unsafe_load(stream)
        d = load(stream, Loader)
        e = list(yaml.load_all(stream, yaml.UnsafeLoader))
        f = yaml.load(stream, Loader=yaml.CLoader)
        """, """
        import yaml
        from yaml import load, Loader
        a = yaml.safe_load(stream)
        b = yaml.safe_load(stream)
        c = yaml.safe_load(stream)
        d = yaml.safe_load(stream)
        e = list(yaml.safe_load_all(stream))
        f = yaml.load(stream, Loader=yaml.CLoader)
        """),
        FixExample("""
        \"\"\"Settings.\"\"\"
        from yaml import unsafe_load
        config = unsafe_load(open("config.yml"))
        """, """
        \"\"\"Settings.\"\"\"
        from yaml import unsafe_load
        import yaml
        config = yaml.safe_load(open("config.yml"))
        """),
    ]), check: { check($0, $1) })

    /// The safe twin of each loading function.
    static let safeTwins = ["yaml.load": "safe_load", "yaml.unsafe_load": "safe_load", "yaml.load_all": "safe_load_all", "yaml.unsafe_load_all": "safe_load_all"]
    /// Loaders whose values equal `SafeLoader`'s on plain data (the C loaders are left alone).
    static let replaceableLoaders: Set<String> = ["yaml.Loader", "yaml.FullLoader", "yaml.UnsafeLoader"]

    /// `yaml.safe_load(stream)` in place of the call: the function renamed (or spelled through the
    /// module when imported bare) and the `Loader` argument dropped.
    static func safeLoad(_ call: CallInfo, _ name: String, _ context: RuleContext) -> Fix? {
        guard let twin = safeTwins[name], call.args.count + call.keywords.count <= 2, call.argument(0, "stream") != nil else { return nil }
        var edits: [TextEdit?] = []
        if let loader = call.argument(1, "Loader") {
            guard let loaderName = context.qualifiedName(loader), replaceableLoaders.contains(loaderName) else { return nil }
            edits.append(call.args.count > 1 ? context.removingArgument(call, loader) : context.removingKeyword(call, "Loader"))
        } else if call.args.count + call.keywords.count != 1 {
            return nil
        }
        switch context.tree[call.function].kind {
        case .attribute(let module, _, _) where context.qualifiedName(module) == "yaml":
            edits.append(context.replacingAttributeName(call.function, with: twin))
        case .name:
            guard let (module, imports) = context.importing(module: "yaml", before: Int(context.tree[call.id].range.start)) else { return nil }
            edits += imports
            edits.append(context.replacing(call.function, with: "\(module).\(twin)"))
        default:
            return nil
        }
        return context.fix("Use `yaml.\(twin)`", .safe, edits)
    }

    static let safeLoaders: Set<String> = ["SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, name.hasPrefix("yaml.") else { return [] }
        // A document from the request makes this remote code execution.
        func report(_ description: String, _ remediation: String) -> [Finding] {
            let document = call.argument(0, "stream")
            if context.isFixedByProgram(document) { return [] }
            let origin = document.flatMap { Taint.isRequestDerived($0, context, kind: .deserialization) }
            let source = origin.map { " The document is `\($0.text(context))`, which the client sends (\($0.requestField))." } ?? ""
            return [context.finding(descriptor, at: call.id, description: description + source, remediation: remediation, fix: "yaml.safe_load(...)",
                                    severity: origin == nil ? nil : .critical, confidence: origin == nil ? context.unflowedConfidence(descriptor) : .high,
                                    flow: origin, proofOfConcept: origin?.proofOfConcept(payload: "!!python/object/apply:os.system [\"id\"]", context),
                                    autofix: safeLoad(call, name, context))]
        }
        if name == "yaml.unsafe_load" || name == "yaml.unsafe_load_all" {
            return report("`\(name)` constructs arbitrary Python objects from the document.", "Use `yaml.safe_load`.")
        }
        guard name == "yaml.load" || name == "yaml.load_all" else { return [] }
        if let loader = call.argument(1, "Loader") {
            let loaderName = context.qualifiedName(loader) ?? context.text(loader)
            if let last = loaderName.split(separator: ".").last, safeLoaders.contains(String(last)) { return [] }
            if context.qualifiedName(loader) == nil { return [] }
            return report("`\(name)` uses `\(loaderName)`, which can construct arbitrary Python objects.", "Use `yaml.safe_load` or `Loader=yaml.SafeLoader`.")
        }
        if call.hasUnpacking { return [] }
        return report("`\(name)` is called without a `Loader`; older PyYAML then uses the unsafe full loader.", "Use `yaml.safe_load` (or pass `Loader=yaml.SafeLoader`).")
    }
}
