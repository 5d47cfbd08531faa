import PythonSemantics
import PythonSyntax

extension Taint {
    /// A `wsgiref.util` call that reads request data out of a WSGI `environ` it is given
    /// (`name = shift_path_info(environ)`), as the catalog's `WSGI.readers` lists them.
    package static func wsgiReader(_ expr: ExprID, _ context: FlowContext) -> RequestOrigin? {
        guard let call = context.call(expr), let name = call.name, let field = WSGI.readers[name],
              let environ = call.argument(0, "environ"), requestObject(environ, context) == .wsgi else { return nil }
        return RequestOrigin(framework: .wsgi, field: field.label, expr: expr, isStructured: false)
    }
}
