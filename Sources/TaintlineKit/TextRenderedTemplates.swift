import Findings
import PythonSyntax
import Rules

/// Templates the project's Python code renders as plain text: a mail body
/// (`send_mail(subject, render_to_string("mail/welcome.html"))`, `EmailMessage(body=...)`,
/// `text_content = render_to_string(...)`), or a response with a non-HTML content type
/// (`render(request, "robots.html", content_type="text/plain")`). A template finding in a file
/// rendered only that way, and never as HTML, is dropped: `|safe` in a text mail changes
/// nothing, and removing it would put `&amp;` in the text.
enum TextRenderedTemplates {
    /// Render calls by their last name, with the position of the template name.
    static let renders: [String: Int] = ["render_to_string": 0, "get_template": 0, "select_template": 0, "render_template": 0,
                                         "render": 1, "TemplateResponse": 1, "SimpleTemplateResponse": 0]
    /// Mail calls and the position and keyword of their plain-text body.
    static let mailBodies: [String: (Int, String)] = ["send_mail": (1, "message"), "send_mass_mail": (-1, "message"), "mail_admins": (1, "message"),
                                                      "mail_managers": (1, "message"), "EmailMessage": (1, "body"), "EmailMultiAlternatives": (1, "body"),
                                                      "Message": (-1, "body")]
    static let textWords = ["text", "plain", "txt", "sms", "subject"]

    struct Renders {
        var text: Set<String> = []
        var html: Set<String> = []
    }

    static func collect(_ files: [RuleEngine.ProjectFile]) -> Renders {
        var out = Renders()
        for file in files {
            let tree = file.tree
            func lastName(_ expr: ExprID) -> String? {
                switch tree[expr].kind {
                case .name(let id, _): return id
                case .attribute(_, let attr, _): return attr
                default: return nil
                }
            }
            func templateName(_ call: ExprID) -> String? {
                guard case .call(let function, let args, let keywords) = tree[call].kind, let name = lastName(function),
                      let position = renders[name] else { return nil }
                let arg = position < args.count ? args[position] : keywords.first { $0.arg == "template_name" || $0.arg == "template_name_or_list" }?.value
                return arg.flatMap { tree.stringLiteral($0) }
            }
            // Which render calls produce text.
            var textCalls = Set<Int32>()
            var assigned: [String: ExprID] = [:]
            for stmt in tree.stmts {
                guard case .assign(let targets, let value, _) = stmt.kind, targets.count == 1, case .name(let id, _) = tree[targets[0]].kind,
                      templateName(value) != nil else { continue }
                assigned[id] = value
                let words = id.lowercased()
                if textWords.contains(where: words.contains) && !words.contains("html") { textCalls.insert(value.index) }
            }
            for index in tree.exprs.indices {
                let expr = ExprID(Int32(index))
                guard case .call(let function, let args, let keywords) = tree[expr].kind, let name = lastName(function) else { continue }
                if let (position, keyword) = mailBodies[name] {
                    var bodies = keywords.filter { $0.arg == keyword }.map(\.value)
                    if position >= 0, position < args.count { bodies.append(args[position]) }
                    for body in bodies {
                        if templateName(body) != nil { textCalls.insert(body.index) }
                        if case .name(let id, _) = tree[body].kind, let call = assigned[id] { textCalls.insert(call.index) }
                    }
                }
                if renders[name] != nil, let type = keywords.first(where: { $0.arg == "content_type" || $0.arg == "mimetype" }).flatMap({ tree.stringLiteral($0.value) }),
                   !type.lowercased().contains("html"), !type.lowercased().contains("xml") {
                    textCalls.insert(expr.index)
                }
            }
            for index in tree.exprs.indices {
                let expr = ExprID(Int32(index))
                guard let template = templateName(expr) else { continue }
                if textCalls.contains(expr.index) { out.text.insert(template) } else { out.html.insert(template) }
            }
        }
        return out
    }

    /// The findings without template findings in files rendered only as text.
    static func filter(_ findings: [Finding], _ renders: Renders) -> [Finding] {
        let textOnly = renders.text.subtracting(renders.html)
        guard !textOnly.isEmpty else { return findings }
        return findings.filter { finding in
            guard finding.ruleID.hasPrefix("TL-TPL-") else { return true }
            let file = finding.location.file
            return !textOnly.contains { file == $0 || file.hasSuffix("/" + $0) }
        }
    }
}
