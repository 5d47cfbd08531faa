import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// Mass assignment: a whole request document unpacked into a model or a query.
enum MassAssignment {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-MASS-ASSIGNMENT", name: "mass-assignment", summary: "Request data unpacked into model fields or query lookups",
        severity: .high, confidence: .medium, owasp: .a08, cwe: 915,
        what: "Finds `**` unpacking of request data (`**request.json`, `**request.POST.dict()`, `**data` where `data = request.get_json()`, a FastAPI `dict` body) into a model constructor (a class of the project or any name in `CapWords`), a Django manager or queryset method (`create`, `update`, `get_or_create`, `update_or_create`, `filter`, `exclude`, `get`), or `setattr(obj, key, value)` in a loop over request items. Pydantic models and serializers that declare their fields are the safe form and are not reported.",
        why: "The client chooses the field names: a sign-up form with an extra `is_admin=true` or `role=admin` field becomes an administrator; in a Django `filter(**request.GET)`, lookups such as `password__startswith=a` let the client probe fields it should never see.",
        example: "User.objects.create(**request.POST.dict())",
        useInstead: "form = SignupForm(request.POST)\nif form.is_valid():\n    User.objects.create(username=form.cleaned_data[\"username\"], email=form.cleaned_data[\"email\"])",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html", "https://cwe.mitre.org/data/definitions/915.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from flask import Flask, request
        from .models import User, db
        app = Flask(__name__)

        @app.route("/users", methods=["POST"])
        def create_user():
            user = User(**request.get_json())  # error: TL-WEB-MASS-ASSIGNMENT
            db.session.add(user)
            return "ok"

        @app.route("/users/<int:uid>", methods=["PATCH"])
        def update_user(uid):
            user = User.query.get(uid)
            for key, value in request.json.items():
                setattr(user, key, value)  # error: TL-WEB-MASS-ASSIGNMENT
            return "ok"
        """),
        RuleExample("""
        from django.http import JsonResponse
        from .models import Order

        def search(request):
            rows = Order.objects.filter(**request.GET.dict())  # error: TL-WEB-MASS-ASSIGNMENT
            return JsonResponse({"n": rows.count()})

        def create(request):
            data = request.POST.dict()
            Order.objects.create(**data)  # error: TL-WEB-MASS-ASSIGNMENT
            Order.objects.create(**dict(data))  # error: TL-WEB-MASS-ASSIGNMENT
            return JsonResponse({})
        """),
        RuleExample("""
        from flask import Flask, request
        from pydantic import BaseModel
        from .models import User
        app = Flask(__name__)

        class NewUser(BaseModel):
            username: str
            email: str

        @app.route("/users", methods=["POST"])
        def create_user():
            payload = NewUser(**request.get_json())
            user = User(username=payload.username, email=payload.email)
            options = dict(**DEFAULTS)
            log(**request.get_json())
            data = request.get_json()
            fields = {"username": data["username"], "email": data.get("email")}
            User(**fields)
            User(**{"username": data["username"]})
            # The attribute names are the literal's keys; only the values are the client's.
            update = {"title": data["title"], "slug": data["slug"]}
            for field, value in update.items():
                setattr(user, field, value)
            apply_attrs(user, {"title": data["title"]})
            # `dict(...)` with keywords names its keys as a literal does.
            common = dict(username=data["username"], source="signup")
            User.objects.create(**common)
            return "ok"

        def with_defaults(**kwargs):
            # Values stored under the program's own keys.
            kwargs.setdefault("search", request.args.get("q"))
            return User(**kwargs)

        def copy_model(obj):
            # The names come from the model's declared fields, whatever object it is.
            clone = obj.__class__()
            for f in obj._meta.fields:
                setattr(clone, f.name, getattr(obj, f.name))
            return clone

        @app.route("/copy", methods=["POST"])
        def copy_view():
            return copy_model(request.get_json())

        def apply_attrs(target, attrs):
            for field, value in attrs.items():
                setattr(target, field, value)
        """),
        // A client document merged over the program's own settings replaces them.
        RuleExample("""
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/settings", methods=["POST"])
        def settings():
            config = {"role": "user", "theme": "dark"}
            config.update(request.get_json())  # error: TL-WEB-MASS-ASSIGNMENT
            prefs = {"theme": "dark"}
            prefs.update(theme=request.form["theme"])
            merged = {}
            merged.update(request.get_json())
            labels = {"title": "x"}
            labels.update({"title": request.form["title"]})
            return str([config, prefs, merged, labels])
        """),
    ], check: { check($0, $1) })

    static let managerMethods: Set<String> = ["create", "update", "get_or_create", "update_or_create", "filter", "exclude", "get", "bulk_create"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node) else { return [] }
        if call.name == "builtins.setattr" { return setattrInLoop(call, context) }
        if let found = dictUpdate(call, context) { return [found] }
        guard let unpacked = call.keywords.first(where: { $0.arg == nil })?.value, isModelSink(call, context), !hasOwnKeys(unpacked, context),
              let origin = Taint.isRequestDerived(unpacked, context, mode: .structured, kind: .massAssignment) ?? requestDict(unpacked, context) else { return [] }
        return [finding(call.id, "`\(context.text(call.function, limit: 40))(**\(context.text(unpacked, limit: 30)))` sets whatever fields the client sends (`\(origin.text(context))`, \(origin.requestField))", origin, context)]
    }

    /// `settings = {"role": "user", ...}; settings.update(request.get_json())`: the client's
    /// document overrides the keys the program set. Only a dict the function built with constant
    /// keys (the program's own values) and a whole request document count; a value read out of
    /// the request (`d.update(name=request.form["name"])`) chooses no key.
    static func dictUpdate(_ call: CallInfo, _ context: RuleContext) -> Finding? {
        guard call.name == nil, case .attribute(let receiver, "update", _) = context.tree[call.function].kind, call.args.count == 1,
              call.keywords.isEmpty, case .name = context.tree[receiver].kind else { return nil }
        let defs = context.model.reachingBindings(of: receiver)
        guard defs.count == 1, case .assignment(let value?) = context.model[defs[0]].kind,
              case .dict(let keys, _) = context.tree[value].kind, !keys.isEmpty else { return nil }
        let names = keys.compactMap { $0.flatMap { context.string($0) } }
        guard names.count == keys.count,
              let origin = Taint.isRequestDerived(call.args[0], context, mode: .structured, kind: .massAssignment), readsWholeMapping(origin, context)
        else { return nil }
        let shown = names.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
        return finding(call.id, "`\(context.text(call.function, limit: 40))(\(context.text(call.args[0], limit: 30)))` lets the client's document (`\(origin.text(context))`, \(origin.requestField)) replace the keys the program set (\(shown))", origin, context)
    }

    /// `for k, v in request.json.items(): setattr(obj, k, v)`: the attribute name is the client's.
    static func setattrInLoop(_ call: CallInfo, _ context: RuleContext) -> [Finding] {
        guard call.args.count == 3 else { return [] }
        // The keys of `d.items()` are the client's only when `d` is a document the client sent;
        // a dict that merely holds request text among its values has the program's keys.
        var text = Taint.isRequestDerived(call.args[1], context, kind: .massAssignment)
        if let found = text, isItemsKey(call.args[1], context), !found.isStructured, !readsWholeMapping(found, context) { text = nil }
        guard let origin = Taint.isRequestDerived(call.args[1], context, mode: .structured, kind: .massAssignment) ?? text else { return [] }
        return [finding(call.id, "`setattr(\(context.text(call.args[0], limit: 20)), \(context.text(call.args[1], limit: 20)), ...)` sets an attribute the client names (`\(origin.text(context))`, \(origin.requestField))", origin, context)]
    }

    /// Does the origin read a whole request mapping (`request.json`, `request.form`), rather
    /// than one value out of it (`form.cleaned_data["title"]`, `request.args.get("q")`)?
    static func readsWholeMapping(_ origin: RequestOrigin, _ context: RuleContext) -> Bool {
        if let remote = origin.remote { return !remote.sourceText.hasSuffix("]") && !remote.sourceText.contains(".get(") }
        switch context.tree[origin.expr].kind {
        case .subscript: return false
        case .call(let function, _, _):
            if case .attribute(_, let method, _) = context.tree[function].kind, method == "get" || method == "getlist" { return false }
            return true
        default: return true
        }
    }

    /// The key of a `for key, value in d.items()` loop.
    static func isItemsKey(_ name: ExprID, _ context: RuleContext) -> Bool {
        guard case .name = context.tree[name].kind else { return false }
        return context.model.reachingBindings(of: name).contains { def in
            guard case .loopTarget(let iterable) = context.model[def].kind, case .call(let function, _, _) = context.tree[iterable].kind,
                  case .attribute(_, "items", _) = context.tree[function].kind else { return false }
            return true
        }
    }

    static func finding(_ id: ExprID, _ description: String, _ origin: RequestOrigin, _ context: RuleContext) -> Finding {
        context.finding(descriptor, at: id,
                        description: description + ": extra fields such as `is_admin` or `role`, or Django lookups such as `password__startswith`, go straight through.",
                        remediation: "Copy only the fields the client may set, from a validated form, serializer or Pydantic model: `User(username=data[\"username\"], email=data[\"email\"])`.",
                        fix: "User(**NewUser.model_validate(request.get_json()).model_dump())",
                        flow: origin, proofOfConcept: origin.proofOfConcept(payload: "{\"is_admin\": true, \"role\": \"admin\"}", context, jsonValue: true))
    }

    /// A model constructor or a Django manager/queryset method; not Pydantic models, dataclass
    /// helpers or plain functions.
    static func isModelSink(_ call: CallInfo, _ context: RuleContext) -> Bool {
        if case .attribute(let receiver, let method, _) = context.tree[call.function].kind, managerMethods.contains(method) {
            // `Model.objects.create`, `Model.objects.filter(...).update`, `qs.filter`.
            let text = context.text(receiver, limit: 80)
            return text.hasSuffix(".objects") || text.contains(".objects.") || text.hasSuffix("_set") || text.hasSuffix(".query")
        }
        let name = call.name ?? context.tree.dottedName(call.function) ?? ""
        let last = String(name.split(separator: ".").last ?? "")
        guard let first = last.first, first.isUppercase, last.contains(where: \.isLowercase) else { return false }
        if ["dict", "Markup", "Response", "JsonResponse", "HttpResponse"].contains(last) { return false }
        // A form or formset (`FormSet(**formset_params)`, `form_class(**self.get_form_kwargs())`)
        // takes only the fields it declares from the data it is bound to.
        if last.hasSuffix("Form") || last.hasSuffix("FormSet") || last.hasSuffix("Formset") { return false }
        // A class of the project that is a Pydantic model, a serializer or a form validates its fields.
        if let resolved = context.project.classes[context.project.canonicalName(name)] {
            return !resolved.bases.contains { $0.contains("pydantic") || $0.hasSuffix("BaseModel") || $0.contains("Serializer") || $0.contains("Schema") || $0.hasSuffix("Form") || $0.hasSuffix("FormSet") }
        }
        if let local = localClassBases(last, context) {
            return !local.contains { $0.hasSuffix("BaseModel") || $0.contains("Serializer") || $0.contains("Schema") || $0.hasSuffix("Form") || $0.hasSuffix("FormSet") }
        }
        return !name.hasPrefix("pydantic.") && !name.contains("Serializer") && !name.contains("Schema")
    }

    static func localClassBases(_ name: String, _ context: RuleContext) -> [String]? {
        for binding in context.model.bindings(named: name, in: .module) {
            guard case .class = context.model[binding].kind, let stmt = context.model[binding].statement,
                  case .classDef(let def) = context.tree[stmt].kind else { continue }
            return def.bases.map { context.qualifiedName($0) ?? context.text($0) }
        }
        return nil
    }

    /// `request.POST.dict()`, `request.GET.dict()`, `request.form.to_dict()`: a mapping the client shapes.
    static func requestDict(_ expr: ExprID, _ context: RuleContext) -> RequestOrigin? {
        // A dict the code writes itself with its own keys (`{"name": data["name"], ...}`)
        // sets only those fields, whatever values the client sends.
        if hasOwnKeys(expr, context) { return nil }
        return Taint.isRequestDerived(expr, context, kind: .massAssignment)
    }

    /// A dict display with constant keys and no `**`, `dict(name=value, ...)` with keywords
    /// only, or a local variable holding one.
    static func hasOwnKeys(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard let value = context.model.followingOneAssignment(expr) else { return false }
        if let call = context.call(value), call.name == "builtins.dict" {
            return call.args.isEmpty && !call.keywords.isEmpty && call.keywords.allSatisfy { $0.arg != nil }
        }
        guard case .dict(let keys, _) = context.tree[value].kind else { return false }
        return keys.allSatisfy { key in key.map { context.string($0) != nil } ?? false }
    }
}
