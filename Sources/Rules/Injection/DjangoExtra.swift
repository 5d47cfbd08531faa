import Dataflow
import Findings
import PythonSyntax

/// B610: Django `QuerySet.extra` with SQL built at run time.
enum DjangoExtra {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B610", name: "django-extra", summary: "Django QuerySet.extra with dynamic SQL",
        severity: .medium, confidence: .medium, owasp: .a03, cwe: 89, bandit: "B610", ruff: "S610",
        what: "Finds `.extra(...)` calls in modules that use Django (or Django REST framework) whose `select`, `where`, `tables` or `order_by` SQL fragments are not constants.",
        why: "`extra` pastes its fragments into the SQL text unescaped; any user input in them is SQL injection. Values belong in `params`.",
        example: "User.objects.extra(where=[f\"name = '{name}'\"])",
        useInstead: "User.objects.extra(where=[\"name = %s\"], params=[name])  # better: User.objects.filter(name=name)",
        references: [RuleDoc.bandit("plugins/b610_django_extra_used.html"), "https://docs.djangoproject.com/en/stable/ref/models/querysets/#extra"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from django.contrib.auth.models import User
        def search(name):
            return User.objects.extra(where=["name = '%s'" % name])  # error: TL-B610
        def filtered(name, order):
            where = ["active = 1"]
            if name:
                where.append("name = '%s'" % name)
            a = User.objects.extra(where=where)  # error: TL-B610
            return a.extra({"o": order})  # error: TL-B610
        """),
        RuleExample("""
        from django.contrib.auth.models import User
        def search(name):
            return User.objects.extra(where=["name = %s"], params=[name])
        def recent():
            where = ["created > now() - interval '1 day'"]
            return User.objects.extra(dict(n="count(*)")).extra(where=where)
        """),
        // A Django REST framework module, which often imports nothing from `django` itself.
        RuleExample("""
        from rest_framework import viewsets
        from rest_framework.response import Response
        from .models import Comment

        class CommentViewSet(viewsets.ViewSet):
            def list(self, request):
                author = request.query_params.get("author", "")
                return Response(Comment.objects.extra(where=["author = '%s'" % author]).values())  # error: TL-B610

            def retrieve(self, request, pk=None):
                author = request.query_params.get("author", "")
                return Response(Comment.objects.extra(where=["author = %s"], params=[author]).values())
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), case .attribute(_, "extra", _) = context.tree[call.function].kind,
              DjangoSupport.usesDjango(context) else { return [] }
        for key in ["select", "where", "tables", "order_by"] {
            // `select` is also the first positional parameter of `extra`.
            guard let value = key == "select" ? call.argument(0, "select") : call.keyword(key) else { continue }
            if let dynamic = DjangoSupport.firstDynamicFragment(value, context) {
                // Request data in the fragment is SQL injection, with the request that shows it.
                let origin = Taint.isRequestDerived(value, context, kind: .sql)
                let source = origin.map { ", and it carries `\($0.text(context))` (\($0.requestField))" } ?? ""
                return [context.finding(descriptor, at: call.id,
                                        description: "`.extra(\(key)=...)` receives `\(context.text(dynamic))`, SQL text built at run time\(source).",
                                        remediation: "Keep the fragment constant with `%s` placeholders and pass the values in `params=`; better, express the query with the ORM (`filter`, `annotate`, `RawSQL` with params).",
                                        severity: origin == nil ? nil : .high, confidence: origin == nil ? nil : .high,
                                        flow: origin, proofOfConcept: origin?.proofOfConcept(payload: "' OR '1'='1' -- ", context))]
            }
        }
        return []
    }
}

/// Shared by the Django rules.
enum DjangoSupport {
    /// Does the module import Django or Django REST framework (a DRF view module often
    /// imports only `rest_framework`)? The packages are the catalog's.
    static func usesDjango(_ context: RuleContext) -> Bool {
        Taint.importsModule(FrameworkCatalog.model(.django).packages, context)
    }

    /// The first element of a fragment list/dict/string that is not constant. A variable is
    /// followed to its literal only when this is its one use, so nothing appended to it later
    /// goes unseen.
    static func firstDynamicFragment(_ expr: ExprID, _ context: RuleContext, depth: Int = 0) -> ExprID? {
        switch context.tree[expr].kind {
        case .list(let elts, _), .tuple(let elts, _), .set(let elts):
            return elts.first { !context.model.stringShape(of: $0).isConstant }
        case .dict(_, let values):
            return values.first { !context.model.stringShape(of: $0).isConstant }
        case .call(let function, let args, let keywords) where args.isEmpty && context.qualifiedName(function) == "builtins.dict":
            return keywords.first { !context.model.stringShape(of: $0.value).isConstant }.map { $0.value } ?? (keywords.contains { $0.arg == nil } ? expr : nil)
        case .name:
            let bindings = context.model.reachingBindings(of: expr)
            if depth < 4, bindings.count == 1, context.model.uses(of: bindings[0]).count == 1,
               let stmt = context.model[bindings[0]].statement, case .assign(let targets, let value, _) = context.tree[stmt].kind, targets.count == 1,
               context.model.isConstant(value) || isLiteralContainer(value, context) {
                return firstDynamicFragment(value, context, depth: depth + 1).map { _ in expr }
            }
            return context.model.stringShape(of: expr).isConstant ? nil : expr
        default:
            return context.model.stringShape(of: expr).isConstant ? nil : expr
        }
    }

    private static func isLiteralContainer(_ expr: ExprID, _ context: RuleContext) -> Bool {
        switch context.tree[expr].kind {
        case .list, .tuple, .set, .dict: return true
        default: return false
        }
    }
}
