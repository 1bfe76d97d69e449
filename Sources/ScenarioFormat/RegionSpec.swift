import SimModels

extension ScenarioReader {
  /// Reads the top-level `region`: a known Region code (docs/model.md §1.3).
  func readRegion(_ field: Field?) -> String? {
    guard let field else { return RegionQuotas.defaultRegion }
    guard let text = field.string(expected: "an AWS Region code such as 'us-east-1'") else { return nil }
    guard RegionQuotas.knownRegions.contains(text) else {
      let hint = didYouMean(text, among: RegionQuotas.knownRegions)
      field.report("unknown AWS Region \(quoted(text))\(hint.isEmpty ? " (expected a Region code such as 'us-east-1')" : hint)")
      return nil
    }
    return text
  }
}
