// convert_* unit conversions. Factors are to the SI unit of each quantity (exact definitions
// where they exist); temperature converts through kelvin.

import { quoteString } from './types.js';
import { stringLiteralOf, type Template } from './template.js';

const PI = Math.PI;

const LENGTH: Record<string, number> = {
  Meter: 1, Angstrom: 1e-10, Nanometer: 1e-9, Micrometer: 1e-6, Millimeter: 1e-3, Centimeter: 1e-2, Decimeter: 0.1,
  Decameter: 10, Hectometer: 100, Kilometer: 1e3, Megameter: 1e6, Inch: 0.0254, Foot: 0.3048, Yard: 0.9144,
  Mile: 1609.344, NauticalMile: 1852, Microinch: 2.54e-8, Mil: 2.54e-5, Hand: 0.1016, Fathom: 1.8288,
  Chain: 20.1168, Twip: 0.0254 / 1440, LightYear: 9.4607304725808e15, AstronomicalUnit: 1.495978707e11,
  Parsec: 3.0856775814913673e16, PrinterPoint: 0.0254 / 72.27, DtpPoint: 0.0254 / 72, Shackle: 27.432,
};
const MASS: Record<string, number> = {
  Kilogram: 1, Gram: 1e-3, Milligram: 1e-6, Microgram: 1e-9, Nanogram: 1e-12, Centigram: 1e-5, Decigram: 1e-4,
  Decagram: 1e-2, Hectogram: 0.1, Tonne: 1e3, Kilotonne: 1e6, Megatonne: 1e9, Pound: 0.45359237,
  Ounce: 0.028349523125, Grain: 6.479891e-5, Stone: 6.35029318, ShortTon: 907.18474, LongTon: 1016.0469088,
  Slug: 14.593902937206364, ShortHundredweight: 45.359237, LongHundredweight: 50.80234544, EarthMass: 5.9722e24,
  SolarMass: 1.98947e30, Kilopound: 453.59237, Megapound: 453592.37,
};
const ANGLE: Record<string, number> = {
  Degree: 1, Radian: 180 / PI, Gradian: 0.9, Arcminute: 1 / 60, Arcsecond: 1 / 3600, Revolution: 360,
  Milliradian: 180 / PI / 1e3, Microradian: 180 / PI / 1e6, Nanoradian: 180 / PI / 1e9, Centiradian: 180 / PI / 100,
  Deciradian: 180 / PI / 10, Millidegree: 1e-3, Microdegree: 1e-6, Nanodegree: 1e-9, NatoMil: 360 / 6400,
};
const ENERGY: Record<string, number> = {
  Joule: 1, Millijoule: 1e-3, Kilojoule: 1e3, Megajoule: 1e6, Gigajoule: 1e9, Terajoule: 1e12, Calorie: 4.184,
  Kilocalorie: 4184, BritishThermalUnit: 1055.05585262, KilobritishThermalUnit: 1055055.85262,
  ElectronVolt: 1.602176634e-19, KiloelectronVolt: 1.602176634e-16, MegaelectronVolt: 1.602176634e-13,
  WattHour: 3600, KilowattHour: 3.6e6, MegawattHour: 3.6e9, GigawattHour: 3.6e12, Erg: 1e-7, FootPound: 1.3558179483314004,
};
const FORCE: Record<string, number> = {
  Newton: 1, Micronewton: 1e-6, Millinewton: 1e-3, Decanewton: 10, Kilonewton: 1e3, Meganewton: 1e6, Dyn: 1e-5,
  KilogramForce: 9.80665, KiloPond: 9.80665, TonneForce: 9806.65, PoundForce: 4.4482216152605,
  KilopoundForce: 4448.2216152605, OunceForce: 0.27801385095378125, Poundal: 0.138254954376, ShortTonForce: 8896.443230521,
};
const SPEED: Record<string, number> = {
  MeterPerSecond: 1, MeterPerMinute: 1 / 60, MeterPerHour: 1 / 3600, KilometerPerSecond: 1e3, KilometerPerMinute: 1e3 / 60,
  KilometerPerHour: 1 / 3.6, CentimeterPerSecond: 0.01, CentimeterPerMinute: 0.01 / 60, CentimeterPerHour: 0.01 / 3600,
  MillimeterPerSecond: 1e-3, MillimeterPerMinute: 1e-3 / 60, MillimeterPerHour: 1e-3 / 3600, MicrometerPerSecond: 1e-6,
  NanometerPerSecond: 1e-9, DecimeterPerSecond: 0.1, FootPerSecond: 0.3048, FootPerMinute: 0.3048 / 60, FootPerHour: 0.3048 / 3600,
  InchPerSecond: 0.0254, InchPerMinute: 0.0254 / 60, InchPerHour: 0.0254 / 3600, YardPerSecond: 0.9144,
  YardPerMinute: 0.9144 / 60, YardPerHour: 0.9144 / 3600, MilePerHour: 0.44704, Knot: 1852 / 3600, Mach: 340.29,
};
const VOLUME: Record<string, number> = {
  CubicMeter: 1, Liter: 1e-3, Milliliter: 1e-6, Microliter: 1e-9, Centiliter: 1e-5, Deciliter: 1e-4, Hectoliter: 0.1,
  Kiloliter: 1, Megaliter: 1e3, CubicMillimeter: 1e-9, CubicCentimeter: 1e-6, CubicDecimeter: 1e-3, CubicKilometer: 1e9,
  CubicHectometer: 1e6, CubicDecameter: 1e3, CubicInch: 1.6387064e-5, CubicFoot: 0.028316846592, CubicYard: 0.764554857984,
  CubicMile: 4168181825.440579, AcreFoot: 1233.48183754752, UsGallon: 0.003785411784, ImperialGallon: 0.00454609,
  UsQuart: 9.46352946e-4, UsPint: 4.73176473e-4, UsOunce: 2.95735295625e-5, ImperialOunce: 2.84130625e-5,
  ImperialPint: 5.6826125e-4, UsTablespoon: 1.478676478125e-5, UsTeaspoon: 4.92892159375e-6, OilBarrel: 0.158987294928,
  UsBeerBarrel: 0.1173477658, ImperialBeerBarrel: 0.16365924, MetricCup: 2.5e-4, UsCustomaryCup: 2.365882365e-4,
};

function linear(table: Record<string, number>): Template {
  return ([v, from, to]) => {
    const f = stringLiteralOf(from!);
    const t = stringLiteralOf(to!);
    if (f !== undefined && t !== undefined) {
      const a = table[f];
      const b = table[t];
      if (a === undefined || b === undefined) return 'CAST(NULL AS DOUBLE)';
      return `(CAST(${v!.sql} AS DOUBLE) * ${a} / ${b})`;
    }
    const map = `MAP {${Object.entries(table).map(([k, x]) => `${quoteString(k)}: ${x}`).join(', ')}}`;
    return `(CAST(${v!.sql} AS DOUBLE) * ${map}[${from!.sql}] / ${map}[${to!.sql}])`;
  };
}

const TO_KELVIN: Record<string, (x: string) => string> = {
  Kelvin: (x) => x,
  DegreeCelsius: (x) => `(${x} + 273.15)`,
  DegreeFahrenheit: (x) => `((${x} + 459.67) * 5.0 / 9.0)`,
  DegreeRankine: (x) => `(${x} * 5.0 / 9.0)`,
};
const FROM_KELVIN: Record<string, (x: string) => string> = {
  Kelvin: (x) => x,
  DegreeCelsius: (x) => `(${x} - 273.15)`,
  DegreeFahrenheit: (x) => `(${x} * 9.0 / 5.0 - 459.67)`,
  DegreeRankine: (x) => `(${x} * 9.0 / 5.0)`,
};

export const UNIT_FUNCTIONS: Record<string, Template> = {
  convert_length: linear(LENGTH),
  convert_mass: linear(MASS),
  convert_angle: linear(ANGLE),
  convert_energy: linear(ENERGY),
  convert_force: linear(FORCE),
  convert_speed: linear(SPEED),
  convert_volume: linear(VOLUME),
  convert_temperature: ([v, from, to], c) => {
    const f = stringLiteralOf(from!);
    const t = stringLiteralOf(to!);
    if (f === undefined || t === undefined) return c.fail('convert_temperature needs constant unit names');
    const a = TO_KELVIN[f];
    const b = FROM_KELVIN[t];
    if (!a || !b) return 'CAST(NULL AS DOUBLE)';
    return b(a(`CAST(${v!.sql} AS DOUBLE)`));
  },
};
