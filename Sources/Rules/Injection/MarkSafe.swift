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

    static let rule = Rule(descriptor, on: [.call], examples: [
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
        """),
        // The deployment's own configuration: Low, since only its administrators write it.
        RuleExample("""
        from django.conf import settings
        from django.utils.safestring import mark_safe
        def banner(field):
            a = mark_safe(settings.SITE_BANNER)  # error: TL-B308
            return mark_safe(field.help_text)  # error: TL-B308
        """),
    ], check: { check($0, $1) })

    static let callees: Set<String> = ["django.utils.safestring.mark_safe", "django.utils.safestring.SafeString",
                                       "django.utils.safestring.SafeText", "django.utils.safestring.SafeUnicode",
                                       "django.utils.safestring.SafeBytes", "django.utils.html.mark_safe"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
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
                                    fix: "format_html(\(MarkupFormat.literal(template)), \(arguments.joined(separator: ", ")))")]
        }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(name)` marks `\(context.text(value))`, built at run time, as safe HTML: any markup in it reaches the page unescaped.",
                                remediation: "If the value is text, do not mark it safe (Django escapes it); if it is HTML that can hold user input (rich text, Markdown output), clean it with an allow-list sanitiser such as `nh3.clean(...)` before `mark_safe`. Wrapping it in `format_html` would escape the markup it is meant to keep.")]
    }
}
