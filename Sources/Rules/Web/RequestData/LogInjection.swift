import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// Log injection: request data written to a log record as it is.
enum LogInjection {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-LOG-INJECTION", name: "log-injection", summary: "Request data written to the log unneutralized",
        severity: .low, confidence: .medium, owasp: .a09, cwe: 117,
        what: "Finds log calls (`logging.info(...)` and the other levels, `app.logger`/`current_app.logger`, a `logging.getLogger(...)` logger, structlog and loguru) whose message or arguments carry data from the HTTP request (read in the same function, or passed in by a caller anywhere in the project), followed through local variables and string building. Values passed through a function (`repr(x)`, `int(x)`, `sanitize(x)`), `.replace(\"\\n\", ...)`/`.replace(\"\\r\", ...)`, messages formatted with `%r`/`!r`, and a whole request mapping or body (`request.json`, `request.form`, logged as its repr) are not reported: their newlines come out escaped.",
        why: "Python's logging writes a newline in a value as it is: a client that sends `x\\nINFO user admin logged in` adds a forged line to the log, misleading whoever investigates an incident and the tools that parse the log. Control characters can also reach a terminal that displays the log.",
        example: "name = request.args.get(\"name\")\napp.logger.info(\"User name: \" + name)",
        useInstead: "name = request.args.get(\"name\", \"\")\napp.logger.info(\"User name: %r\", name)  # or name.replace(\"\\r\", \"\").replace(\"\\n\", \"\")",
        references: ["https://owasp.org/www-community/attacks/Log_Injection",
                     "https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import logging
        from django.utils.log import request_logger
        from flask import Flask, current_app, request
        app = Flask(__name__)
        logger = logging.getLogger(__name__)

        @app.route("/django-logger")
        def django_logger():
            request_logger.warning("User name: " + request.args.get("name"))  # error: TL-WEB-LOG-INJECTION
            request_logger.warning("fixed text")
            return "Logged"

        @app.route("/logger")
        def log_name():
            name = request.args.get("name")
            app.logger.info("User name: " + name)  # error: TL-WEB-LOG-INJECTION
            current_app.logger.error("%s", request.args.get("input"))  # error: TL-WEB-LOG-INJECTION
            logger.warning(f"login failed for {request.form['user']}")  # error: TL-WEB-LOG-INJECTION
            return "Logged"
        """),
        RuleExample("""
        import logging
        from django.http import HttpResponse

        def view(request):
            logging.info("search: %s", request.GET["q"])  # error: TL-WEB-LOG-INJECTION
            return HttpResponse("ok")
        """),
        RuleExample("""
        import logging
        from flask import Flask, request
        app = Flask(__name__)
        logger = logging.getLogger(__name__)

        @app.route("/logger")
        def log_name():
            name = request.args.get("name", "")
            app.logger.info("User name: %r", name)
            app.logger.info(f"User name: {name!r}")
            logger.info("User name: %s", name.replace("\\r", "").replace("\\n", ""))
            logger.info("page %d", int(request.args["page"]))
            logger.info("request received")
            logger.debug("payload: %s", request.json)
            info = {"name": f"{name} v1", "source": "query"}
            logger.debug(info)
            logger.debug(["lookup", name])
            print(name)
            return "Logged"

        def offline(name):
            logger.info("User name: " + name)
        """),
        // FastAPI converts typed parameters before the handler runs: no text reaches the log.
        RuleExample("""
        import enum
        import logging
        import uuid
        from typing import Annotated, Literal, Optional
        from fastapi import FastAPI, Path
        app = FastAPI()
        log = logging.getLogger(__name__)

        class Color(str, enum.Enum):
            red = "red"
            blue = "blue"

        @app.get("/i/{item_id}")
        async def item(item_id: int, ref: uuid.UUID, page: Optional[int] = None, size: int | None = None,
                       color: Color = Color.red, order: Literal["asc", "desc"] = "asc",
                       n: Annotated[int, Path()] = 0, note: str = ""):
            log.info(f"item {item_id} ref {ref} page {page} {size} {color} {order} {n}")
            log.info(f"note {note}")  # error: TL-WEB-LOG-INJECTION
            return {"ok": True}
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        // Every logged argument (the catalog's `.log` rows); `print` writes no log record.
        guard let call = context.call(node) else { return [] }
        let sinks = context.sinks(call, .log)
        guard let first = sinks.first, first.model.role != "print" else { return [] }
        let logger = context.sinkName(first)
        let values = sinks.map(\.argument)
        // `%r` / `{x!r}` print the repr: newlines come out escaped.
        if values.contains(where: { usesRepr($0, context) }) { return [] }
        for value in values {
            // A dict, list or tuple is logged as its repr, which escapes newlines in its strings.
            if isContainerDisplay(value, context) { continue }
            // A whole request mapping or body (`request.json`, `request.form`, `request.body`)
            // is logged as its repr, which escapes newlines.
            switch context.tree[value].kind {
            case .attribute, .call: if Taint.directSource(value, context) != nil { continue }
            default: break
            }
            guard let origin = Taint.isRequestDerived(value, context, kind: .log, stop: { isNeutralized($0, context) }) else { continue }
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(logger)` logs `\(context.text(value, limit: 40))`, which carries `\(origin.text(context))` (\(origin.requestField)) as it is: a newline in it forges a log line.",
                                    remediation: "Log the value with `%r` (its repr escapes newlines and control characters), or remove CR/LF first (`value.replace(\"\\r\", \"\").replace(\"\\n\", \"\")`); a structured (JSON) log formatter also escapes them.",
                                    fix: "\(logger)(\"value: %r\", value)",
                                    flow: origin, proofOfConcept: origin.proofOfConcept(payload: "x\\nINFO user admin logged in", context))]
        }
        return []
    }

    /// A dict/list/tuple/set display, or a local variable holding one (or a container the
    /// flow analysis tracks): logging prints its repr.
    static func isContainerDisplay(_ expr: ExprID, _ context: RuleContext) -> Bool {
        if context.flow.containerContents[expr] != nil { return true }
        guard let value = context.model.followingOneAssignment(expr) else { return false }
        switch context.tree[value].kind {
        case .dict, .list, .tuple, .set, .dictComp, .listComp, .setComp: return true
        default: return false
        }
    }

    /// A `%r` format or an f-string `!r` conversion.
    static func usesRepr(_ expr: ExprID, _ context: RuleContext) -> Bool {
        switch context.tree[expr].kind {
        case .constant:
            return context.string(expr)?.contains("%r") ?? false
        case .joinedStr(let values):
            return values.contains { value in
                if case .formattedValue(_, 114, _) = context.tree[value].kind { return true }
                return false
            }
        default:
            return false
        }
    }

    /// `x.replace("\n", "")` / `x.replace("\r\n", " ")`: the line breaks are gone.
    static func isNeutralized(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard case .call(let function, let args, _) = context.tree[expr].kind, case .attribute(_, "replace", _) = context.tree[function].kind,
              let old = args.first, let text = context.string(old) else { return false }
        return text.contains("\n") || text.contains("\r")
    }
}
