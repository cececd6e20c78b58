import BarrageCore

/// `ramping-arrival-rate`: the start rate ramps linearly through the stages' targets.
final class RampingArrivalRateRunner: ArrivalRateRunner {}
