import Dataflow
import Findings
import PythonSyntax

/// B313–B320: XML parsing with parsers vulnerable to entity attacks.
enum XMLUnsafeParser {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B314", name: "xml-unsafe-parser", summary: "XML parsed with a parser open to entity expansion or XXE",
        severity: .medium, confidence: .high, owasp: .a05, cwe: 611, bandit: "B314", ruff: "S314",
        otherAliases: ["B313", "B315", "B316", "B317", "B318", "B319", "B320", "S313", "S315", "S316", "S317", "S318", "S319", "S320"],
        what: "Finds parsing functions of `xml.etree` (B313/B314), `xml.sax` and its expat reader (B315/B317), `xml.dom.expatbuilder`/`minidom`/`pulldom` (B316/B318/B319) and `lxml.etree` (B320). `defusedxml` equivalents are not reported, nor `lxml` calls given a parser built with `resolve_entities=False`.",
        why: "Standard-library parsers expand entities (\"billion laughs\" exhausts memory); `lxml` and SAX can also resolve external entities, reading local files or making requests (XXE).",
        example: "tree = xml.etree.ElementTree.fromstring(request.data)",
        useInstead: "import defusedxml.ElementTree as ET\ntree = ET.fromstring(request.data)",
        references: [RuleDoc.bandit("blacklists/blacklist_calls.html#b313-b320-xml-bad-elementtree"), "https://docs.python.org/3/library/xml.html#xml-vulnerabilities", "https://pypi.org/project/defusedxml/"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import xml.etree.ElementTree as ET
        from xml.dom import minidom
        from lxml import etree
        def load(data):
            a = ET.fromstring(data)  # error: TL-B314
            b = minidom.parseString(data)  # error: TL-B314
            c = etree.fromstring(data)  # error: TL-B314
        """),
        RuleExample("""
        import defusedxml.ElementTree as ET
        from lxml import etree
        def load(data):
            a = ET.fromstring(data)
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            b = etree.fromstring(data, parser)
            c = ET.tostring(a)

        import xml.etree.ElementTree as StdET
        TEMPLATE = "<root><item/></root>"
        def skeleton():
            StdET.fromstring("<root/>")
            return etree.fromstring(TEMPLATE)
        """),
    ], check: { check($0, $1) })

    static let callees: [String: String] = {
        var table: [String: String] = [:]
        for module in ["xml.etree.ElementTree", "xml.etree.cElementTree"] {
            for f in ["parse", "iterparse", "fromstring", "XML", "XMLParser", "XMLPullParser", "fromstringlist"] {
                table["\(module).\(f)"] = module.hasSuffix("cElementTree") ? "B313" : "B314"
            }
        }
        table["xml.sax.expatreader.create_parser"] = "B315"
        for f in ["parse", "parseString"] { table["xml.dom.expatbuilder.\(f)"] = "B316" }
        for f in ["parse", "parseString", "make_parser"] { table["xml.sax.\(f)"] = "B317" }
        for f in ["parse", "parseString"] { table["xml.dom.minidom.\(f)"] = "B318"; table["xml.dom.pulldom.\(f)"] = "B319" }
        for f in ["parse", "fromstring", "XML", "iterparse", "RestrictedElement", "GlobalParserTLS", "getDefaultParser", "check_docinfo"] {
            table["lxml.etree.\(f)"] = "B320"
        }
        return table
    }()

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, let bandit = callees[name] else { return [] }
        if bandit == "B320", let parser = call.argument(1, "parser"), safeLxmlParser(parser, context) { return [] }
        // A document the program spells out itself (`ET.fromstring("<root/>")`) holds no entity
        // an attacker chose.
        if context.isFixedByProgram(call.args.first) { return [] }
        // XML from the request, or a parser told to fetch external entities, is an exploitable
        // XXE (file disclosure, SSRF), not a hardening note.
        let origin = call.args.first.flatMap { Taint.isRequestDerived($0, context, kind: .xml) }
        let external = call.argument(1, "parser").map { resolvesExternalEntities($0, context) } ?? false
        let source = origin.map { " on `\($0.text(context))` from the \($0.requestField)" } ?? ""
        return [context.finding(descriptor, at: call.id, description: "`\(name)` parses XML\(source) with a parser that expands entities\(bandit == "B320" || bandit == "B317" || bandit == "B315" || external ? " and may resolve external entities (XXE)" : "") (bandit \(bandit)).",
                                remediation: "Use the `defusedxml` equivalent\(bandit == "B320" ? ", or pass `etree.XMLParser(resolve_entities=False, no_network=True)`" : "").",
                                // Python's expat-based parsers resolve no external entity by default: without
                                // one turned on, entity expansion (a "billion laughs") is the risk, a Low
                                // "use defusedxml" note; with the request's document, a Medium one.
                                // lxml before 5.0 resolves local external entities by default.
                                severity: external || (origin != nil && bandit == "B320") ? .high : origin != nil || bandit == "B320" ? .medium : .low,
                                confidence: origin != nil || external ? .high : context.unflowedConfidence(descriptor),
                                flow: origin, proofOfConcept: origin.map {
                                    $0.proofOfConcept(payload: "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>", context)
                                },
                                properties: ["bandit": bandit])]
    }

    /// A parser built with external entities turned on: lxml's `resolve_entities=True` or
    /// `no_network=False`, or a SAX parser given `feature_external_ges` / `feature_external_pes`
    /// set to true in the same function.
    static func resolvesExternalEntities(_ expr: ExprID, _ context: RuleContext) -> Bool {
        let construction = context.model.followingOneAssignment(expr)
        if case .name(let name, _) = context.tree[expr].kind {
            // `parser.setFeature(feature_external_ges, True)` in the same scope (runs only when
            // the rule fires, so a walk over the file's calls is affordable).
            let scope = context.model.scope(of: expr)
            for index in context.tree.exprs.indices {
                let id = ExprID(Int32(index))
                guard case .call(let function, let args, _) = context.tree[id].kind, args.count == 2,
                      case .attribute(let base, "setFeature", _) = context.tree[function].kind,
                      case .name(name, _) = context.tree[base].kind, context.model.scope(of: base) == scope,
                      let feature = context.tree.dottedName(args[0]),
                      feature.hasSuffix("feature_external_ges") || feature.hasSuffix("feature_external_pes"),
                      context.isTrue(args[1]) else { continue }
                return true
            }
        }
        guard let construction, let call = context.call(construction), call.name == "lxml.etree.XMLParser" else { return false }
        return context.isTrue(call.keyword("resolve_entities")) || context.isFalse(call.keyword("no_network"))
    }

    /// An lxml parser built with `resolve_entities=False`.
    static func safeLxmlParser(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard let construction = context.model.followingOneAssignment(expr), let call = context.call(construction), call.name == "lxml.etree.XMLParser",
              let resolve = call.keyword("resolve_entities") else { return false }
        return context.isFalse(resolve)
    }
}
