import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// XPath injection: an XPath expression built from request data.
enum XPathInjection {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-XPATH-INJECTION", name: "xpath-injection", summary: "XPath expression built from request data",
        severity: .high, confidence: .high, owasp: .a03, cwe: 643,
        what: "Finds lxml `.xpath(expr)` calls, `etree.XPath(expr)` and `etree.ETXPath(expr)`, and ElementTree's `find`/`findall`/`findtext`/`iterfind` whose expression text carries data from the HTTP request (read in the same function, or passed in by a caller anywhere in the project), followed through local variables and string building. XPath variables (`tree.xpath(\"//user[name=$n]\", n=name)`) are the safe form and are not reported.",
        why: "A quote in the value ends the string literal and the rest is XPath: `' or '1'='1` selects every node, which bypasses an XML-backed login or discloses the whole document.",
        example: "tree.xpath(f\"//user[name='{request.args['name']}']\")",
        useInstead: "tree.xpath(\"//user[name=$name]\", name=request.args[\"name\"])",
        references: ["https://owasp.org/www-community/attacks/XPATH_Injection", "https://lxml.de/xpathxslt.html#the-xpath-method"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from lxml import etree
        from flask import Flask, request
        app = Flask(__name__)
        TREE = etree.parse("users.xml")

        @app.route("/user")
        def user():
            name = request.args["name"]
            found = TREE.xpath(f"//user[name='{name}']")  # error: TL-WEB-XPATH-INJECTION
            finder = etree.XPath("//user[@id='" + request.args["id"] + "']")  # error: TL-WEB-XPATH-INJECTION
            return str(found)
        """),
        RuleExample("""
        import xml.etree.ElementTree as ET
        from flask import Flask, request
        app = Flask(__name__)
        tree = ET.parse("users.xml")
        root = tree.getroot()

        @app.route("/user")
        def user_locations():
            query = "./users/user/[@name='" + request.args["username"] + "']/location"
            return str(root.findall(query))  # error: TL-WEB-XPATH-INJECTION
        """),
        RuleExample("""
        from lxml import etree
        from flask import Flask, request
        app = Flask(__name__)
        TREE = etree.parse("users.xml")

        @app.route("/user")
        def user():
            name = request.args["name"]
            found = TREE.xpath("//user[name=$name]", name=name)
            total = TREE.xpath("count(//user)")
            return str(found)

        def offline(tree, name):
            return tree.xpath(f"//user[name='{name}']")

        @app.route("/match")
        def match():
            import re
            pattern = re.compile("[a-z]+")
            words = pattern.findall(request.args["text"])
            root = TREE.getroot()
            return str(words) + str(root.findall("./user"))
        """),
        // elementpath's `select`: a value whose quotes are replaced cannot leave the quoted
        // literal it is put in; unquoted, or replaced with a quote, it still rewrites the query.
        RuleExample("""
        import elementpath
        import xml.etree.ElementTree as ET
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/employee", methods=["POST"])
        def employee():
            bar = request.form.get("id", "")
            root = ET.parse("employees.xml")
            safe = bar.replace("'", "&apos;")
            a = elementpath.select(root, f"/Employees/Employee[@emplid='{bar.replace("'", "&apos;")}']")
            b = elementpath.select(root, f"/Employees/Employee[@emplid='{safe}']")
            c = elementpath.select(root, f"/Employees/Employee[@emplid='{bar}']")  # error: TL-WEB-XPATH-INJECTION
            d = elementpath.select(root, f"/Employees/Employee[@emplid={safe}]")  # error: TL-WEB-XPATH-INJECTION
            e = elementpath.select(root, f'/Employees/Employee[@emplid="{safe}"]')  # error: TL-WEB-XPATH-INJECTION
            f = elementpath.Selector("/Employees/Employee[@emplid='" + bar + "']")  # error: TL-WEB-XPATH-INJECTION
            return str([a, b, c, d, e, f])
        """),
    ], check: { check($0, $1) })

    /// The parts of a built XPath that sit inside a string literal of one quote character and
    /// hold no such quote (`f"//user[@id='{bar.replace("'", "&apos;")}']"`, or a local bound to
    /// the replacement): they cannot end the literal, so they are text, not XPath. The same
    /// replacement where the value is not quoted (`[@id={v}]`) protects nothing.
    static func quotedLiteralsWithoutTheirQuote(in expression: ExprID, _ context: RuleContext) -> Set<ExprID> {
        let parts = context.model.stringShape(of: expression).parts
        var out: Set<ExprID> = []
        for index in parts.indices.dropFirst().dropLast() {
            guard case .hole(let hole) = parts[index], case .literal(let before) = parts[index - 1],
                  case .literal(let after) = parts[index + 1], let quote = before.last, quote == "'" || quote == "\"",
                  after.first == quote, removesEvery(quote, from: hole, context) else { continue }
            out.insert(hole)
        }
        return out
    }

    /// `x.replace(q, r)` (directly, or in the local's only assignment) where `r` holds no `q`.
    static func removesEvery(_ quote: Character, from expr: ExprID, _ context: RuleContext, depth: Int = 0) -> Bool {
        guard depth < 3 else { return false }
        if case .name = context.tree[expr].kind {
            let defs = context.model.reachingBindings(of: expr)
            guard defs.count == 1, case .assignment(let value?) = context.model[defs[0]].kind else { return false }
            return removesEvery(quote, from: value, context, depth: depth + 1)
        }
        guard let call = context.call(expr), case .attribute(_, "replace", _) = context.tree[call.function].kind, call.args.count == 2,
              let old = context.string(call.args[0]), old == String(quote), let new = context.string(call.args[1]) else { return false }
        return !new.contains(quote)
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let sink = context.sinks(call, .xpath).first else { return [] }
        let expression = sink.argument
        // Only text built around the value is injectable; a bare variable is the whole query
        // (reported too: the client writes the XPath).
        let quoted = quotedLiteralsWithoutTheirQuote(in: expression, context)
        guard let origin = Taint.isRequestDerived(expression, context, kind: .xpath, stop: { quoted.contains($0) }) else { return [] }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(context.text(call.function, limit: 40))` evaluates `\(context.text(expression, limit: 50))`, which carries `\(origin.text(context))` (\(origin.requestField)): a quote in it rewrites the XPath query.",
                                remediation: "Keep the XPath constant and pass the value as an XPath variable: `tree.xpath(\"//user[name=$name]\", name=value)`.",
                                fix: "tree.xpath(\"//user[name=$name]\", name=value)",
                                flow: origin, proofOfConcept: origin.proofOfConcept(payload: "' or '1'='1", context))]
    }
}
