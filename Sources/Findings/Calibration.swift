/// The severity and confidence policy every finding keeps (Docs/rules.md, "Severity and
/// confidence"): a severity says how bad the weakness is *if it is real*, so it may not claim
/// more than the analysis knows. At Low confidence (judged from a name, a shape or a default
/// whose use Taintline could not see) a finding is at most Medium; at Medium confidence at most
/// High; only a finding at High confidence (the value, the call and its use are known) may be
/// Critical.
public enum Calibration {
    /// The highest severity a finding at `confidence` may have.
    public static func highestSeverity(at confidence: Confidence) -> Severity {
        switch confidence {
        case .low: return .medium
        case .medium: return .high
        case .high: return .critical
        }
    }

    /// Does the pair keep the policy?
    public static func allows(severity: Severity, confidence: Confidence) -> Bool {
        severity <= highestSeverity(at: confidence)
    }
}
