import BarrageCore

/// `constant-arrival-rate`: `rate` iterations per `timeUnit`, evenly spaced, for `duration`.
final class ConstantArrivalRateRunner: ArrivalRateRunner {}
