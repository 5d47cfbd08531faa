import PythonSemantics
import PythonSyntax

extension Taint {
    /// Request data read back from a Django form or a DRF serializer it was bound to:
    /// `form = CommentForm(request.POST)` then `form.cleaned_data`, `s = HookSerializer(data=request.data)`
    /// then `s.validated_data`, and `form.cleaned_data` in a class-based view's
    /// `form_valid(self, form)`, which Django calls with the form it bound to the request.
    package static func formDataSource(_ expr: ExprID, _ base: ExprID, _ attr: String, _ context: FlowContext) -> RequestOrigin? {
        guard Django.formDataAttributes.contains(attr), case .name = context.tree[base].kind else { return nil }
        let defs = context.model.reachingBindings(of: base)
        guard defs.count == 1 else { return nil }
        switch context.model[defs[0]].kind {
        case .assignment(let value?):
            guard let call = context.call(value), let position = formDataPosition(call, context),
                  let data = call.argument(position, "data"), let inner = isRequestDerived(data, context),
                  inner.cleared.isEmpty else { return nil }
            return RequestOrigin(framework: inner.framework, field: inner.field, expr: expr, isStructured: inner.isStructured, remote: inner.remote)
        case .parameter(_, let function):
            let scope = context.model[function]
            guard let name = scope.qualifiedName.split(separator: ".").last, Django.boundFormHandlers.contains(String(name)),
                  let parent = scope.parent, context.model[parent].kind == .class,
                  isView(context.model[parent].qualifiedName, context.project) else { return nil }
            return RequestOrigin(framework: .django, field: "POST", expr: expr, isStructured: false)
        default:
            return nil
        }
    }

    /// Is `expr` a form or serializer built in this function (`form = CommentForm(request.POST)`)?
    package static func isBoundForm(_ expr: ExprID, _ context: FlowContext) -> Bool {
        guard case .name = context.tree[expr].kind else { return false }
        let defs = context.model.reachingBindings(of: expr)
        guard defs.count == 1, case .assignment(let value?) = context.model[defs[0]].kind, let call = context.call(value) else { return false }
        return formDataPosition(call, context) != nil
    }

    /// The position of the data argument when `call` builds a form or serializer: a class
    /// of the project deriving from one in `Django.formBases`, or one of those itself.
    package static func formDataPosition(_ call: CallInfo, _ context: FlowContext) -> Int? {
        guard let name = call.name else { return nil }
        if let position = Django.formBases[name] { return position }
        return context.project.firstBase(of: name) { Django.formBases[$0] }
    }

    /// `form.cleaned_data["email"]` where the form class validates that field itself with a
    /// `clean_email` method (Django's idiom for a field's own check; DRF's `validate_email`):
    /// the value read back is the checked one, as a guard makes it.
    package static func isValidatedFormField(_ mapping: ExprID, _ key: ExprID, _ context: FlowContext) -> Bool {
        guard case .attribute(let form, let attr, _) = context.tree[mapping].kind, attr == "cleaned_data" || attr == "validated_data",
              let field = context.string(key), let formClass = formClass(of: form, context) else { return false }
        let checks = ["clean_" + field, "validate_" + field]
        let project = context.project
        func validates(_ name: String) -> Bool { project.classes[project.canonicalName(name)]?.methods.contains(where: checks.contains) ?? false }
        return validates(formClass) || project.firstBase(of: formClass) { validates($0) ? true : nil } ?? false
    }

    /// The class of a bound form: the call that built it (`form = CommentForm(request.POST)`), or
    /// for `form_valid(self, form)` the view's `form_class = ...`.
    package static func formClass(of form: ExprID, _ context: FlowContext) -> String? {
        guard case .name = context.tree[form].kind else { return nil }
        let defs = context.model.reachingBindings(of: form)
        guard defs.count == 1 else { return nil }
        switch context.model[defs[0]].kind {
        case .assignment(let value?):
            return context.call(value)?.name
        case .parameter(_, let function):
            guard let parent = context.model[function].parent, context.model[parent].kind == .class,
                  case .statement(let stmt) = context.model[parent].node, case .classDef(let def) = context.tree[stmt].kind else { return nil }
            for statement in def.body {
                guard case .assign(let targets, let value, _) = context.tree[statement].kind,
                      targets.contains(where: { context.tree.nameIdentifier($0) == "form_class" }) else { continue }
                return context.qualifiedName(value)
            }
            return nil
        default:
            return nil
        }
    }
}
