import Dataflow
import Findings
import PythonSyntax

/// B611: Django `RawSQL` with SQL built at run time.
enum DjangoRawSQL {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B611", name: "django-rawsql", summary: "Django RawSQL with dynamic SQL",
        severity: .medium, confidence: .medium, owasp: .a03, cwe: 89, bandit: "B611", ruff: "S611",
        what: "Finds `django.db.models.expressions.RawSQL(sql, params)` (however imported) whose SQL is not a constant.",
        why: "The SQL string is sent as written; user input pasted into it is SQL injection.",
        example: "RawSQL(f\"SELECT id FROM t WHERE n = '{n}'\", [])",
        useInstead: "RawSQL(\"SELECT id FROM t WHERE n = %s\", [n])",
        references: [RuleDoc.bandit("plugins/b611_django_rawsql_used.html"), "https://docs.djangoproject.com/en/stable/ref/models/expressions/#raw-sql-expressions"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from django.db.models.expressions import RawSQL
        def annotate(qs, n):
            return qs.annotate(v=RawSQL("SELECT id FROM t WHERE n = '%s'" % n, []))  # error: TL-B611
        """),
        RuleExample("""
        from django.db.models.expressions import RawSQL
        def annotate(qs, n):
            return qs.annotate(v=RawSQL("SELECT id FROM t WHERE n = %s", [n]))
        """),
        RuleExample("""
        from django.db.models.expressions import RawSQL
        from django.http import JsonResponse
        from myapp.models import Person

        def people(request):
            name = request.GET["name"]
            rows = Person.objects.annotate(x=RawSQL("SELECT '%s'" % name, []))  # error: TL-B611
            return JsonResponse({"n": rows.count()})
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name,
              name == "django.db.models.expressions.RawSQL" || name == "django.db.models.RawSQL",
              let sql = call.argument(0, "sql"), !context.model.stringShape(of: sql).isConstant else { return [] }
        let origin = Taint.isRequestDerived(sql, context, kind: .sql)
        let source = origin.map { ", and it carries `\($0.text(context))` (\($0.requestField))" } ?? ""
        return [context.finding(descriptor, at: call.id,
                                description: "`RawSQL` receives `\(context.text(sql))`, SQL text built at run time\(source).",
                                remediation: "Keep the SQL constant with `%s` placeholders and pass the values in the `params` list.",
                                severity: origin == nil ? nil : .high, confidence: origin == nil ? nil : .high,
                                flow: origin, proofOfConcept: origin?.proofOfConcept(payload: "' OR '1'='1' -- ", context))]
    }
}
