#!/usr/bin/env python3
"""Builds reports/src/main/resources/io/gridscope/reports/carbon/builtin-intensities.csv.

    scripts/carbon/generate_builtin_intensities.py CODECARBON_DATA_DIR [--iso-codes ISO_3166_1_JSON] [--out FILE]

CODECARBON_DATA_DIR is CodeCarbon's codecarbon/data/private_infra folder (MIT licence), holding
global_energy_mix.json, 2016/usa_emissions.json, nordic_emissions.json and carbon_intensity_per_source.json.
ISO_3166_1_JSON is the Debian iso-codes table (default /usr/share/iso-codes/json/iso_3166-1.json); it only adds the
alpha-2 codes and ISO names of countries as aliases. The output is deterministic: running it twice on the same input
gives the same file. The rules (what is converted, what is left out and why) are in the README beside the CSV.
"""

import argparse
import csv
import io
import json
import pathlib
import sys

LB_GRAMS = 453.59237  # the international avoirdupois pound, exactly
MWH_KWH = 1000

OWID_SOURCE = "Our World in Data (Ember) via CodeCarbon global_energy_mix.json"
OWID_LICENCE = "MIT (CodeCarbon); data Our World in Data, CC BY 4.0"
EGRID_SOURCE = "US EPA eGRID 2016 via CodeCarbon usa_emissions.json"
EGRID_LICENCE = "MIT (CodeCarbon); data US EPA eGRID, US government work"
NORDIC_SOURCE = "ENTSO-E based averages via CodeCarbon nordic_emissions.json"
NORDIC_LICENCE = "MIT (CodeCarbon)"
WORLD_SOURCE = "IEA Global Energy & CO2 Status Report 2019 via CodeCarbon carbon_intensity_per_source.json"
WORLD_LICENCE = "MIT (CodeCarbon); figure IEA"

HEADER = ["zone", "aliases", "name", "grams_per_kwh", "year", "basis", "scope", "source", "licence"]


def number(value):
    """Shortest text for a float: 18.0 -> 18, 380.95 -> 380.95."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def title(name):
    small = {"of", "and"}
    return " ".join(w if w in small else w.capitalize() for w in name.split())


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("data_dir", type=pathlib.Path)
    p.add_argument("--iso-codes", type=pathlib.Path, default=pathlib.Path("/usr/share/iso-codes/json/iso_3166-1.json"))
    p.add_argument("--out", type=pathlib.Path)
    args = p.parse_args()
    d = args.data_dir

    iso = {c["alpha_3"]: c for c in json.loads(args.iso_codes.read_text(encoding="utf-8"))["3166-1"]}
    rows = []
    left_out = []

    mix = json.loads((d / "global_energy_mix.json").read_text(encoding="utf-8"))
    for code in sorted(mix):
        e = mix[code]
        ci = e["carbon_intensity"]
        if not ci > 0:
            left_out.append(f"{code} ({e['country_name']}): carbon_intensity {ci} for {e['total_TWh']} TWh")
            continue
        if code not in iso:
            sys.exit(f"{code} is not an ISO 3166-1 alpha-3 code")
        c = iso[code]
        aliases = [c["alpha_2"]]
        for n in (e["country_name"], c.get("name"), c.get("common_name"), c.get("official_name")):
            if n and n.casefold() not in (a.casefold() for a in aliases):
                aliases.append(n)
        rows.append([code, aliases, e["country_name"], number(ci), str(e["year"]), "average",
                     "lifecycle", OWID_SOURCE, OWID_LICENCE])

    country_names = {a.casefold() for r in rows for a in r[1]} | {r[2].casefold() for r in rows}

    usa = json.loads((d / "2016" / "usa_emissions.json").read_text(encoding="utf-8"))
    states = []
    for key, e in usa.items():
        code = e.get("regionCode", "") if isinstance(e, dict) else ""
        if len(code) != 2 or not code.isupper():
            left_out.append(f"usa_emissions.json '{key}': not a state (the country row comes from global_energy_mix)")
            continue
        name = title(key)
        aliases = [] if name.casefold() in country_names else [name]
        grams = round(e["emissions"] * LB_GRAMS / MWH_KWH, 3)
        states.append([f"US-{code}", aliases, f"{name} (US)", number(grams), "2016", "average", "direct",
                       EGRID_SOURCE, EGRID_LICENCE])
    rows.extend(sorted(states))

    nordic = json.loads((d / "nordic_emissions.json").read_text(encoding="utf-8"))["data"]
    for key in sorted(nordic):
        e = nordic[key]
        if e["unit"] != "gCO2eq/kWh":
            sys.exit(f"nordic_emissions.json {key}: unexpected unit {e['unit']}")
        if len(key) != 3:
            left_out.append(f"nordic_emissions.json {key} ({e['emission_factor']} g, {e['year']}): a whole country;"
                            " the country row answers for it")
            continue
        country = {"SE": "Sweden", "NO": "Norway"}[key[:2]]
        rows.append([f"{key[:2]}-{key}", [key], f"{country} bidding zone {key}", number(e["emission_factor"]),
                     str(e["year"]), "average", "unspecified", NORDIC_SOURCE, NORDIC_LICENCE])

    per_source = json.loads((d / "carbon_intensity_per_source.json").read_text(encoding="utf-8"))
    if per_source["unit"] != "gCO2.eq/kWh":
        sys.exit(f"carbon_intensity_per_source.json: unexpected unit {per_source['unit']}")
    rows.append(["WORLD", ["World average"], "World", number(per_source["world_average"]), "2019", "average",
                 "direct", WORLD_SOURCE, WORLD_LICENCE])

    seen = {}
    for r in rows:
        for key in [r[0], *r[1]]:
            k = key.casefold()
            if k in seen:
                sys.exit(f"'{key}' names both {seen[k]} and {r[0]}")
            seen[k] = r[0]

    out = io.StringIO()
    out.write("# Annual average grid carbon intensity per country and region, gCO2e/kWh.\n")
    out.write("# Generated by scripts/carbon/generate_builtin_intensities.py; do not edit. See README.md beside it.\n")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(HEADER)
    for r in rows:
        w.writerow([r[0], "|".join(r[1]), *r[2:]])
    text = out.getvalue()
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    print(f"{len(rows)} rows; left out:", file=sys.stderr)
    for line in left_out:
        print("  " + line, file=sys.stderr)


if __name__ == "__main__":
    main()
