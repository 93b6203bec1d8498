"""Fixed reference data of the demo hospital: departments, doctor titles, priced charge items."""
from __future__ import annotations

from kiosk.his.port import Department, InsuranceCategory, ItemClass

DEPARTMENTS: tuple[Department, ...] = (
    Department("IM", "内科", "Internal Medicine", 2, "201"),
    Department("CARD", "心内科", "Cardiology", 2, "215"),
    Department("RESP", "呼吸内科", "Respiratory Medicine", 2, "228"),
    Department("GI", "消化内科", "Gastroenterology", 3, "302"),
    Department("ENDO", "内分泌科", "Endocrinology", 3, "316"),
    Department("NEURO", "神经内科", "Neurology", 3, "330"),
    Department("OPH", "眼科", "Ophthalmology", 4, "401"),
    Department("ORTH", "骨科", "Orthopaedics", 4, "418"),
    Department("SURG", "普外科", "General Surgery", 4, "426"),
    Department("DERM", "皮肤科", "Dermatology", 5, "503"),
    Department("LAB", "检验科", "Laboratory", 1, "105", is_clinic=False),
    Department("RAD", "放射科", "Radiology", 1, "B12", is_clinic=False),
    Department("PHARM", "药房", "Pharmacy", 1, "112", is_clinic=False),
)

CLINIC_CODES: tuple[str, ...] = tuple(d.code for d in DEPARTMENTS if d.is_clinic)

# (title_zh, title_en, registration fee in fen)
DOCTOR_TITLES: tuple[tuple[str, str, int], ...] = (
    ("主任医师", "Chief Physician", 5000),
    ("副主任医师", "Associate Chief Physician", 3000),
    ("主治医师", "Attending Physician", 1500),
    ("住院医师", "Resident Physician", 1000),
)

# (item class, Chinese, English, unit price in fen, insurance category)
CHARGE_ITEMS: tuple[tuple[ItemClass, str, str, int, InsuranceCategory], ...] = (
    (ItemClass.LABORATORY, "血常规", "Complete blood count", 2000, InsuranceCategory.A),
    (ItemClass.LABORATORY, "肝功能", "Liver function panel", 6500, InsuranceCategory.A),
    (ItemClass.LABORATORY, "空腹血糖", "Fasting blood glucose", 800, InsuranceCategory.A),
    (ItemClass.LABORATORY, "糖化血红蛋白", "HbA1c", 6000, InsuranceCategory.B),
    (ItemClass.LABORATORY, "尿常规", "Urinalysis", 1200, InsuranceCategory.A),
    (ItemClass.EXAMINATION, "胸部正位片", "Chest X-ray", 8000, InsuranceCategory.A),
    (ItemClass.EXAMINATION, "常规心电图", "Electrocardiogram", 2500, InsuranceCategory.A),
    (ItemClass.EXAMINATION, "腹部彩超", "Abdominal ultrasound", 12000, InsuranceCategory.B),
    (ItemClass.EXAMINATION, "头颅CT平扫", "Head CT scan", 28000, InsuranceCategory.B),
    (ItemClass.EXAMINATION, "眼底检查", "Fundus examination", 3000, InsuranceCategory.A),
    (ItemClass.WESTERN_MEDICINE, "阿托伐他汀钙片", "Atorvastatin tablets", 3560, InsuranceCategory.B),
    (ItemClass.WESTERN_MEDICINE, "苯磺酸氨氯地平片", "Amlodipine besylate tablets", 2480, InsuranceCategory.A),
    (ItemClass.WESTERN_MEDICINE, "盐酸二甲双胍片", "Metformin tablets", 1250, InsuranceCategory.A),
    (ItemClass.WESTERN_MEDICINE, "阿莫西林胶囊", "Amoxicillin capsules", 1850, InsuranceCategory.A),
    (ItemClass.WESTERN_MEDICINE, "奥美拉唑肠溶胶囊", "Omeprazole capsules", 2240, InsuranceCategory.B),
    (ItemClass.CHINESE_MEDICINE, "复方丹参滴丸", "Compound Danshen dripping pills", 4280, InsuranceCategory.B),
    (ItemClass.CHINESE_MEDICINE, "中药饮片（七剂）", "Herbal decoction pieces (7 doses)", 18900,
     InsuranceCategory.C),
    (ItemClass.MATERIALS, "一次性使用无菌注射器", "Disposable sterile syringe", 150, InsuranceCategory.C),
    (ItemClass.MATERIALS, "医用弹力绷带", "Elastic medical bandage", 1600, InsuranceCategory.C),
)

# Real area codes (district level) for well-formed synthetic ID numbers.
AREA_CODES: tuple[str, ...] = (
    "330102", "330105", "330106", "330108", "330203", "330302",
    "310101", "310104", "320102", "110105", "440106", "510104", "420106",
)

SLOT_TIMES: tuple[str, ...] = (
    "08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30",
    "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30",
)

# Same-day registration (当日挂号): the two clinic sessions, as the first and last time a patient can
# be given (the last one closes registration for that session), and the registration charge's item.
# (session, first slot, last slot)
CLINIC_SESSIONS: tuple[tuple[str, str, str], ...] = (
    ("morning", "08:00", "11:30"),
    ("afternoon", "13:30", "16:30"),
)
SLOT_MINUTES = 30
# Places per doctor per session by title (chief physicians see fewer patients); the seed varies it a little.
SESSION_PLACES: dict[str, int] = {"主任医师": 8, "副主任医师": 12, "主治医师": 16, "住院医师": 20}
REGISTRATION_ITEM: tuple[ItemClass, str, str, InsuranceCategory] = (
    ItemClass.REGISTRATION, "挂号费", "Registration fee", InsuranceCategory.A,
)
