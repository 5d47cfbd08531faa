import Dataflow
import PythonSemantics
import PythonSyntax

extension RequestSources {
    /// Request data read back from a Django form or a DRF serializer it was bound to:
    /// `form = CommentForm(request.POST)` then `form.cleaned_data`, `s = HookSerializer(data=request.data)`
    /// then `s.validated_data`, and `form.cleaned_data` in a class-based view's
    /// `form_valid(self, form)`, which Django calls with the form it bound to the request.
    static func formDataSource(_ expr: ExprID, _ base: ExprID, _ attr: String, _ context: RuleContext) -> RequestOrigin? {
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
    static func isBoundForm(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard case .name = context.tree[expr].kind else { return false }
        let defs = context.model.reachingBindings(of: expr)
        guard defs.count == 1, case .assignment(let value?) = context.model[defs[0]].kind, let call = context.call(value) else { return false }
        return formDataPosition(call, context) != nil
    }

    /// The position of the data argument when `call` builds a form or serializer: a class
    /// of the project deriving from one in `Django.formBases`, or one of those itself.
    static func formDataPosition(_ call: CallInfo, _ context: RuleContext) -> Int? {
        guard let name = call.name else { return nil }
        if let position = Django.formBases[name] { return position }
        return context.project.firstBase(of: name) { Django.formBases[$0] }
    }
}
