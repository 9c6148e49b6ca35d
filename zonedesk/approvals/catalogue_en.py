"""English names of the common catalogue template (catalogue.py), by code: the template's
reference data shows in English in English mode (core/i18n.py). A zone edits its own copies
in the admin."""

MATERIALS_EN: dict[str, str] = {
    "BIZ_LICENSE": "Business licence",
    "PROJ_REPORT": "Project application report (filing form)",
    "SITE_PLAN": "Site selection and general layout plan",
    "LAND_CONTRACT": "State-owned construction land use right transfer contract",
    "DESIGN": "Construction design scheme",
    "EIA_REPORT": "Environmental impact report form",
    "SOIL_PLAN": "Soil and water conservation plan",
    "WATER_DEMAND": "Water/power/gas/heat demand form",
    "DRAWINGS": "Construction drawings",
    "CONTRACT": "Construction contract and notice of award",
    "SUPERVISION": "Supervision contract",
    "FUNDS": "Commitment that construction funds are in place",
    "SAFETY": "Work safety measures filing form",
    "COMPLETION": "Completion acceptance report",
    "TESTS": "Construction quality test report",
    "ARCHIVE": "Urban construction archive pre-acceptance opinion",
    "CERT_FILING": "Enterprise investment project filing certificate",
    "CERT_SITE": "Land pre-examination and site selection opinion",
    "CERT_LAND_PLAN": "Construction land planning permit",
    "CERT_BUILD_PLAN": "Construction project planning permit",
    "CERT_CONSTRUCT": "Construction permit",
    "CERT_ACCEPT": "Joint completion acceptance opinion",
}

ITEMS_EN: dict[str, str] = {
    "L01": "Enterprise investment project filing",
    "L02": "Land pre-examination and site selection opinion",
    "L03": "Construction land planning permit",
    "L04": "Approval of building over important mineral resources",
    "L05": "Geological hazard risk assessment filing",
    "L06": "Social stability risk assessment review",
    "B01": "Construction project planning permit",
    "B02": "Environmental impact assessment approval",
    "B03": "Soil and water conservation plan approval",
    "B04": "Water abstraction permit (water resource assessment)",
    "B05": "Cultural relics protection opinion (archaeological survey)",
    "B06": "Water supply connection",
    "B07": "Power supply connection",
    "B08": "Gas supply connection",
    "B09": "Heat supply connection",
    "C01": "Construction drawing review filing",
    "C02": "Construction permit",
    "F01": "Joint completion acceptance",
    "F02": "Completion acceptance filing",
}

CATEGORIES_EN: dict[str, str] = {
    "industrial_social": "Privately invested industrial project",
    "industrial_small": "Privately invested small industrial project",
    "public": "Government-invested building project",
}
