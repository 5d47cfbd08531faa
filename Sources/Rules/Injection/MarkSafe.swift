import Dataflow
import Findings
import PythonSyntax

/// B308/B703: Django `mark_safe` of a value that is not a constant.
enum MarkSafe {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B308", name: "django-mark-safe", summary: "mark_safe on a value built at run time",
        severity: .medium, confidence: .high, owasp: .a03, cwe: 79, bandit: "B308", ruff: "S308", otherAliases: ["B703"],
        what: "Finds `django.utils.safestring.mark_safe` and `SafeString(...)` calls (however imported) whose argument is not text the program fixes: literals and constants, translations of literals (`_(\"Example:\") + \" <code>100</code>\"`), class constants, loop variables over literal choices and f-strings of those are not reported. The fix keeps the fixed markup as a `format_html` template with the values as its arguments; when there is no fixed markup, or a value is itself HTML (`body_html`), no `format_html` is suggested, since it would escape that markup: the advice is a sanitiser. Also answers to bandit's B703.",
        why: "`mark_safe` turns off Django's HTML escaping for that value; user input in it is rendered as HTML and script (cross-site scripting).",
        example: "return mark_safe(f\"<b>{comment}</b>\")",
        useInstead: "from django.utils.html import format_html\nreturn format_html(\"<b>{}</b>\", comment)",
        references: [RuleDoc.bandit("plugins/b703_django_mark_safe.html"), "https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.safestring.mark_safe"])

    static let rule = Rule(descriptor, on: [.call, .functionDef], examples: [
        RuleExample("""
        from django.utils.safestring import mark_safe
        from django.utils import safestring
        def render(comment, body_html):
            a = mark_safe(f"<b>{comment}</b>")  # error: TL-B308
            b = mark_safe("<p>" + body_html + "</p>")  # error: TL-B308
            return safestring.mark_safe(comment)  # error: TL-B308
        """, fixes: [4: "format_html(\"<b>{}</b>\", comment)", 5: "", 6: ""]),
        // Templates written with `%` or `.format`: the fix keeps their placeholders.
        RuleExample("""
        from django.utils.safestring import mark_safe
        def heading(tag, count, owner):
            a = mark_safe("<h2>Posts tagged %s</h2>" % tag)  # error: TL-B308
            b = mark_safe("<p>%s: %d posts, 100%%</p>" % (tag, count))  # error: TL-B308
            c = mark_safe("<a href='/u/{}'>{name}</a>".format(owner.id, name=owner.name))  # error: TL-B308
            d = mark_safe("<b>%(tag)s</b>" % {"tag": tag})  # error: TL-B308
            return mark_safe("<pre>%s</pre>" % rendered_html)  # error: TL-B308
        """, fixes: [3: "format_html(\"<h2>Posts tagged {}</h2>\", tag)", 4: "format_html(\"<p>{}: {} posts, 100%</p>\", tag, count)",
                     5: "format_html(\"<a href='/u/{}'>{name}</a>\", owner.id, name=owner.name)", 6: "", 7: ""]),
        RuleExample("""
        from django.utils.safestring import mark_safe
        from django.utils.html import format_html
        ICON = "<i class='icon'></i>"
        def render(comment):
            a = mark_safe("<br>")
            b = mark_safe(ICON)
            return format_html("<b>{}</b>", comment)
        """),
        // Text the program fixes: translations of literals, class constants, a loop over
        // literal choices, an f-string filled from those. A value from outside still counts.
        RuleExample("""
        from django.utils.safestring import mark_safe
        from django.utils.translation import gettext as _, ngettext
        LIMIT = 100
        class RangeWidget:
            ICON = "<i class='range'></i>"
            def help(self, n):
                a = mark_safe(_('Example:') + ' <code>"100,200"</code>')
                b = mark_safe(f"{self.ICON} {_('Up to')} <b>{LIMIT}</b>")
                c = mark_safe(ngettext("<b>one</b> item", "<b>many</b> items", n))
                d = mark_safe(_("<em>{what}</em>").format(what=_("required")))
                for tag in ("em", "strong"):
                    e = mark_safe(f"<{tag}>{_('Note')}</{tag}>")
                return mark_safe(_("Hello") + n)  # error: TL-B308
        """),
        // Values that cannot hold markup: numbers, dates, primary keys, escaped text.
        RuleExample("""
        import json
        from django.utils.safestring import mark_safe
        from django.utils.html import escape
        def cells(obj, item, n: int, name):
            a = mark_safe('<span data-id="%d">x</span>' % obj.pk)
            b = mark_safe(f'<time datetime="{obj.created.isoformat()}">{obj.created:%Y-%m-%d}</time>')
            c = mark_safe("<td>{}</td>".format(item.id))
            d = mark_safe(f"<b>{n}</b> of {len(name)}: {escape(name)}")
            total = int(item.total)
            e = mark_safe("<td>%s</td>" % total)
            return mark_safe('<span data-id="%d">%s</span>' % (obj.pk, name))  # error: TL-B308

        class Plugin:
            name = "Text"

            def breadcrumb(self, title):
                # JSON of the program's own values is quiet; of a parameter it is not.
                a = mark_safe(json.dumps([{"title": self.name, "url": "/admin/cms/plugin/1/"}]))
                return mark_safe(json.dumps([{"title": title}]))  # error: TL-B308
        """),
        // The deployment's own configuration: Low, since only its administrators write it.
        RuleExample("""
        from django.conf import settings
        from django.utils.safestring import mark_safe
        def banner(field):
            a = mark_safe(settings.SITE_BANNER)  # error: TL-B308
            return mark_safe(field.help_text)  # error: TL-B308
        """),
        // As a decorator it marks every return value: one built at run time is a finding, a constant is not.
        RuleExample("""
        from django.utils.safestring import mark_safe

        @mark_safe
        def greeting(request):
            return "<b>Hello %s</b>" % request.GET["name"]  # error: TL-B308

        @mark_safe
        def rule():
            return "<hr>"
        """),
    ], autofix: Autofix(.unsafe, safety: "`format_html` escapes each value (values already marked safe, such as other `format_html` results, stay as they are), so a value that was meant to carry markup is shown as text. Only a single f-string whose fields are plain expressions (no `!r`/`!s` conversion, no format spec, no `=`) and none of whose values looks like markup is rewritten; `from django.utils.html import format_html` is added when the module lacks it.", examples: [
        FixExample("""
        from django.utils.safestring import mark_safe
        def render(comment, user, body_html, price):
            a = mark_safe(f"<b>{comment}</b>")
            b = mark_safe(f'<a href="/u/{user.pk}">{ user.name }</a> {{raw}}')
            c = mark_safe(f"<p>{body_html}</p>")
            d = mark_safe(f"<i>{comment!r}</i>")
            e = mark_safe(f"<td>{price:.2f}</td>{comment}")
            f = mark_safe(f"<b>{comment}" "</b>")
            return a, b, c, d, e, f
        """, """
        from django.utils.safestring import mark_safe
        from django.utils.html import format_html
        def render(comment, user, body_html, price):
            a = format_html("<b>{}</b>", comment)
            b = format_html('<a href="/u/{}">{}</a> {{raw}}', user.pk, user.name)
            c = mark_safe(f"<p>{body_html}</p>")
            d = mark_safe(f"<i>{comment!r}</i>")
            e = mark_safe(f"<td>{price:.2f}</td>{comment}")
            f = mark_safe(f"<b>{comment}" "</b>")
            return a, b, c, d, e, f
        """),
    ]), check: { check($0, $1) })

    static let callees: Set<String> = ["django.utils.safestring.mark_safe", "django.utils.safestring.SafeString",
                                       "django.utils.safestring.SafeText", "django.utils.safestring.SafeUnicode",
                                       "django.utils.safestring.SafeBytes", "django.utils.html.mark_safe"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        if case .statement(let stmt) = node { return decorated(stmt, context) }
        guard let call = context.call(node), let name = call.name, callees.contains(name), let value = call.argument(0, "s"),
              !ConstantText.isConstant(value, context) else { return [] }
        // Numbers, dates and escaped text hold no markup, whatever they are built into.
        if MarkupFreeText.holesAreMarkupFree(value, context) { return [] }
        // The deployment's own configuration is written by its developers and administrators.
        if MarkupFreeText.holesAreConfiguration(value, context) {
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(name)` marks `\(context.text(value))` as safe HTML; it comes from the deployment's configuration (settings or field help text), written by developers and administrators rather than visitors, so this matters only if the configuration can be edited by less trusted users.",
                                    remediation: "Keep such HTML in templates, or sanitise it with an allow-list cleaner (`nh3.clean`) if administrators who are not developers can change it.",
                                    severity: .low, confidence: .low)]
        }
        if let (template, arguments) = MarkupFormat.split(value, context) {
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(name)` marks `\(context.text(value))`, built at run time, as safe HTML: any markup in \(arguments.map { "`\($0)`" }.joined(separator: ", ")) reaches the page unescaped.",
                                    remediation: "Build the HTML with `django.utils.html.format_html`: the fixed markup stays, and every value is escaped (values already marked safe are kept as they are).",
                                    fix: "format_html(\(MarkupFormat.literal(template)), \(arguments.joined(separator: ", ")))",
                                    autofix: formatHTML(call, value, context))]
        }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(name)` marks `\(context.text(value))`, built at run time, as safe HTML: any markup in it reaches the page unescaped.",
                                remediation: "If the value is text, do not mark it safe (Django escapes it); if it is HTML that can hold user input (rich text, Markdown output), clean it with an allow-list sanitiser such as `nh3.clean(...)` before `mark_safe`. Wrapping it in `format_html` would escape the markup it is meant to keep.")]
    }

    /// `@mark_safe` on a function marks everything it returns as safe: each returned value built
    /// at run time is judged as `mark_safe(value)` would be (one finding, at the first such return).
    static func decorated(_ stmt: StmtID, _ context: RuleContext) -> [Finding] {
        guard let decorator = context.model.decorators(of: stmt).first(where: { $0.call == nil && $0.qualifiedName.map(callees.contains) == true }),
              case .functionDef(let def) = context.tree[stmt].kind else { return [] }
        let name = decorator.qualifiedName ?? "mark_safe"
        for value in ReturnSummaries.returnValues(def.body, context) where !ConstantText.isConstant(value, context) {
            if MarkupFreeText.holesAreMarkupFree(value, context) || MarkupFreeText.holesAreConfiguration(value, context) { continue }
            return [context.finding(descriptor, at: value,
                                    description: "`@\(name)` on `\(def.name)` marks what it returns, `\(context.text(value))`, built at run time, as safe HTML: any markup in it reaches the page unescaped.",
                                    remediation: "Drop the decorator and build the HTML with `django.utils.html.format_html`, which escapes every value; clean HTML that can hold user input with an allow-list sanitiser (`nh3.clean`).")]
        }
        return []
    }

    /// `mark_safe(f"<b>{x}</b>")` → `format_html("<b>{}</b>", x)`, written from the f-string's own
    /// text (its quotes, escapes and `{{`/`}}` kept; each replacement field becomes `{}` and its
    /// expression an argument). Nil unless the value is one f-string literal whose fields are
    /// plain expressions: a conversion, a format spec or `=` would change the text, and an
    /// implicitly concatenated plain string would have its braces read as fields.
    static func formatHTML(_ call: CallInfo, _ value: ExprID, _ context: RuleContext) -> Fix? {
        let tree = context.tree, bytes = context.source.bytes
        guard call.args == [value], call.keywords.isEmpty, case .joinedStr(let parts) = tree[value].kind else { return nil }
        let start = Int(tree[value].range.start), end = Int(tree[value].range.end)
        var index = start
        var prefix = ""
        while index < end, bytes[index] < 0x80, Character(Unicode.Scalar(bytes[index])).isLetter {
            prefix.append(Character(Unicode.Scalar(bytes[index])))
            index += 1
        }
        guard prefix.lowercased().contains("f"), prefix.count <= 2, index < end, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { return nil }
        let quote = bytes[index]
        let width = index + 2 < end && bytes[index + 1] == quote && bytes[index + 2] == quote ? 3 : 1
        let bodyStart = index + width, bodyEnd = end - width
        guard bodyEnd >= bodyStart, bytes[bodyEnd..<end].allSatisfy({ $0 == quote }) else { return nil }
        /// A stretch of literal text that does not end the string (no implicit concatenation).
        func isLiteral(_ from: Int, _ to: Int) -> Bool {
            var i = from
            while i < to {
                if bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
                if bytes[i] == quote, width == 1 || (i + 2 < to && bytes[i + 1] == quote && bytes[i + 2] == quote) { return false }
                i += 1
            }
            return i == to
        }
        var template = prefix.filter { $0 != "f" && $0 != "F" } + String(decoding: [UInt8](repeating: quote, count: width), as: UTF8.self)
        var arguments: [String] = []
        var cursor = bodyStart
        for part in parts {
            switch tree[part].kind {
            case .constant:
                continue
            case .formattedValue(let hole, let conversion, let spec):
                guard conversion == -1, spec == nil else { return nil }
                switch tree[hole].kind {
                case .tuple, .yield, .yieldFrom, .namedExpr, .lambda, .starred: return nil
                default: break
                }
                let holeStart = Int(tree[hole].range.start), holeEnd = Int(tree[hole].range.end)
                var open = holeStart - 1
                while open >= cursor, bytes[open] == UInt8(ascii: " ") { open -= 1 }
                var close = holeEnd
                while close < bodyEnd, bytes[close] == UInt8(ascii: " ") { close += 1 }
                guard open >= cursor, bytes[open] == UInt8(ascii: "{"), close < bodyEnd, bytes[close] == UInt8(ascii: "}"), isLiteral(cursor, open) else { return nil }
                template += String(decoding: bytes[cursor..<open], as: UTF8.self) + "{}"
                arguments.append(String(decoding: bytes[holeStart..<holeEnd], as: UTF8.self))
                cursor = close + 1
            default:
                return nil
            }
        }
        guard !arguments.isEmpty, isLiteral(cursor, bodyEnd) else { return nil }
        template += String(decoding: bytes[cursor..<end], as: UTF8.self)
        guard let imports = context.importing("format_html", from: "django.utils.html", before: Int(tree[call.id].range.start)) else { return nil }
        return context.fix("Use `format_html`", .unsafe,
                           imports + [context.replacing(call.id, with: "format_html(\(([template] + arguments).joined(separator: ", ")))")])
    }
}
