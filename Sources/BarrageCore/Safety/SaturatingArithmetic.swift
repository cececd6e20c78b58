/// Arithmetic that clamps at the type's bounds instead of trapping: for sums and differences of
/// numbers a peer sent (counters, instants, offsets), where Swift's `+` would crash the process.
extension FixedWidthInteger {
    /// `self + other`, or the bound it passed.
    @inlinable
    public func addingSaturating(_ other: Self) -> Self {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }

    /// `self * other`, or the bound it passed.
    @inlinable
    public func multipliedSaturating(_ other: Self) -> Self {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < 0) == (other < 0) ? .max : .min
    }

    /// `self - other`, or the bound it passed.
    @inlinable
    public func subtractingSaturating(_ other: Self) -> Self {
        let (difference, overflow) = subtractingReportingOverflow(other)
        guard overflow else { return difference }
        return other > 0 ? .min : .max
    }
}
