"""The activity dictionary (calculator/data/activities.toml) and its matching (method.md §1, §4)."""
import time
import tomllib
from importlib import resources

import pytest

from calculator.activities import (
    CATEGORIES,
    PILLARS,
    Activity,
    ActivityDictionary,
    check_trust_activities,
    normalise,
    phrase_key,
)
from calculator.errors import ConfigError


@pytest.fixture(scope="module")
def dictionary():
    return ActivityDictionary.load()


def category_of(dictionary, text):
    found = dictionary.match(text)
    return found.category if found else None


# -- the packaged table -------------------------------------------------------------------------

def packaged_entries():
    text = (resources.files("calculator") / "data" / "activities.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["activity"]


def test_every_entry_is_complete_and_valid():
    entries = packaged_entries()
    assert len(entries) >= 60
    for entry in entries:
        assert set(entry) == {"name", "category", "pillar", "words", "source"}, entry["name"]
        assert entry["category"] in CATEGORIES, entry["name"]
        assert entry["pillar"] in PILLARS, entry["name"]
        assert entry["source"].strip(), entry["name"]
        assert all(isinstance(w, str) and phrase_key(w) for w in entry["words"]), entry["name"]


def test_no_phrase_recognises_two_activities():
    owner = {}
    for entry in packaged_entries():
        for phrase in [entry["name"], *entry["words"]]:
            key = phrase_key(phrase)
            assert owner.setdefault(key, entry["name"]) == entry["name"], (
                f"{phrase!r} is in both {owner[key]!r} and {entry['name']!r}"
            )


def test_names_are_unique(dictionary):
    names = [normalise(a.name) for a in dictionary]
    assert len(names) == len(set(names)) == len(dictionary)
    assert all(isinstance(a, Activity) for a in dictionary)
    assert dictionary.phrase_count > 500


def test_dataclass_is_frozen(dictionary):
    activity = next(iter(dictionary))
    with pytest.raises(AttributeError):
        activity.category = "ED"
    assert isinstance(activity.words, tuple)


# -- Wessex CNS guide, Figure 1: every line of the typical-week grid ---------------------------

FIGURE_1 = [
    # Monday AM
    ("Clinical phone calls", "DCC"),
    ("Check inpatient lists & identify patients, review Clinic /MDT list for week ahead & plan week.", "DCC"),
    ("Clinics or meetings – define type, frequency e.g. MDT meetings, nurse led clinics", "DCC"),
    # Tuesday AM
    ("Clinical phone calls", "DCC"),
    ("Clinics - define", "DCC"),
    ("SACT Unit – review patients", "DCC"),
    # Wednesday AM
    ("Clinical phone calls", "DCC"),
    ("Clinics – define", "DCC"),
    ("Regular meetings e.g. governance, CNS meeting, clinical supervision – Define & confirm frequency", "SPA"),
    # Thursday AM
    ("Clinical phone calls", "DCC"),
    ("Clinics – define", "DCC"),
    ("Team/staff management – 1-1's, team meetings (frequency)", "SPA"),
    # Friday AM
    ("Clinical phone calls", "DCC"),
    ("SACT Unit – review patients", "DCC"),
    ("Clinics – define", "DCC"),
    ("Leadership activities – define & frequency e.g. Clinical Advisory Group", "SPA"),
    # Monday PM
    ("Clinics – define", "DCC"),
    ("Review inpatients", "DCC"),
    ("Informal teaching", "SPA"),
    ("Clinical Phone calls - Assessment, prevention of unscheduled care", "DCC"),
    # Tuesday PM
    ("Review inpatients", "DCC"),
    ("Informal teaching", "SPA"),
    ("Clinical Phone calls - Assessment, prevention of unscheduled care", "DCC"),
    # Wednesday PM
    ("Evidence based practice and quality – describe regular commitments", "SPA"),
    ("Clinical phone calls - Assessment, prevention of unscheduled care", "DCC"),
    # Thursday PM
    ("Research – describe any regular commitments e.g. meetings, clinics", "SPA"),
    ("Clinical phone calls - Assessment, prevention of unscheduled care", "DCC"),
    # Friday PM
    ("Review inpatients", "DCC"),
    ("Informal teaching", "SPA"),
    ("Clinical phone calls Assessment, prevention of unscheduled care", "DCC"),
    # Daily and when required
    ("Clinical Administration", "DCC"),
    ("Staff management – 1-1's, AL, sickness, Annual appraisals & PDR", "SPA"),
    ("Personal education & development", "SPA"),
    ("Teaching", "SPA"),
]


@pytest.mark.parametrize("line, category", FIGURE_1)
def test_figure_1_grid_lines(dictionary, line, category):
    assert category_of(dictionary, line) == category


@pytest.mark.parametrize("line, name", [
    ("Team/staff management – 1-1's, team meetings (frequency)", "Staff management"),
    ("Staff management – 1-1's, AL, sickness, Annual appraisals & PDR", "Staff management"),
    ("Regular meetings e.g. governance, CNS meeting, clinical supervision – Define & confirm frequency",
     "Professional meetings"),
    ("Leadership activities – define & frequency e.g. Clinical Advisory Group", "Leadership and management"),
    ("Research – describe any regular commitments e.g. meetings, clinics", "Research"),
    ("Check inpatient lists & identify patients, review Clinic /MDT list for week ahead & plan week.",
     "Inpatient service"),
    ("SACT Unit – review patients", "Outpatient service"),
    ("Personal education & development", "Personal education and development"),
])
def test_figure_1_lines_name_their_activity(dictionary, line, name):
    assert dictionary.match(line).name == name


# -- Wessex CNS guide, Figure 2: each row's cell starts with the activity's name ---------------

FIGURE_2 = [
    ("Coordination of Care Care coordination is crucial to patient outcomes and experience of care. "
     "Many patients will have complex needs and other conditions to manage alongside their cancer "
     "treatment. Describe your role coordinating care such as – As a key worker, the CNS is "
     "responsible for coordinating the individualised care and management plans for patients",
     "DCC", "Co-ordination of care"),
    ("Clinical phone calls A significant aspect of the role involves regular communication via "
     "telephone with patients, carers, GPs, medical teams, nursing staff",
     "DCC", "Clinical phone calls"),
    ("Inpatient Service Describe your role with inpatients such as – A key aspect of the role "
     "involves reviewing inpatient lists to identify patients admitted for emergency admissions",
     "DCC", "Inpatient service"),
    ("Outpatient Service Describe outpatient activity that you are involved in, such as – "
     "Outpatient activity spans a wide range of clinical settings and responsibilities.",
     "DCC", "Outpatient service"),
    ("Clinical Administration Updating patient records within hospital systems; dictating, "
     "reviewing, and signing clinic letters",
     "DCC", "Clinical administration"),
    ("Leadership & Management Staff/Team Management - Providing management and supervision, "
     "conducting performance appraisals, overseeing the interview process",
     "SPA", "Leadership and management"),
    ("Research Describe your involvement in research activity such as - a significant portion of "
     "time is dedicated to collaborating with research staff",
     "SPA", "Research"),
    ("Evidence-based practice & quality Describe your activity in this area such as – Continuous "
     "monitoring of service delivery to ensure alignment with cancer standards",
     "SPA", "Evidence-based practice and quality"),
    ("Educating self and others Teaching - Describe your activity such as –Activities in this area "
     "encompass a range of educational and supervisory roles",
     "SPA", "Educating self and others"),
]


@pytest.mark.parametrize("cell, category, name", FIGURE_2)
def test_figure_2_rows_by_their_start(dictionary, cell, category, name):
    found = dictionary.match_start(cell)
    assert (found.category, found.name) == (category, name)


def test_match_start_needs_the_phrase_at_the_start(dictionary):
    assert dictionary.match_start("Describe your role with inpatients") is None
    assert dictionary.match_start("") is None
    assert dictionary.match_start("Underwater basket weaving, then teaching") is None
    assert dictionary.match_start("Teaching").name == "Teaching"
    # the longest phrase that starts the text
    assert dictionary.match_start("Clinical supervision at a distance (available)").name == \
        "Clinical supervision at a distance"


# -- Wessex CNS guide, Appendix (i) activity names ---------------------------------------------

@pytest.mark.parametrize("activity, category", [
    ("Co-ordination of care", "DCC"),
    ("Clinical Phone calls", "DCC"),
    ("Inpatient Service", "DCC"),
    ("Outpatient Service", "DCC"),
    ("Clinical Administration", "DCC"),
    ("Staff/team management", "SPA"),
    ("Leadership responsibilities", "SPA"),
    ("Research", "SPA"),
    ("Evidence based practice and quality", "SPA"),
    ("Research - developing evidence-based practice and quality", "SPA"),
    ("Teaching", "SPA"),
    ("Personal education and development", "SPA"),
    ("Educating Self and others", "SPA"),
    ("Leadership and Management", "SPA"),
    ("participation in Clinical Advisory Groups", "ANR"),
    ("CNS/AHP meetings", "SPA"),
    ("governance meetings", "SPA"),
    ("serious case reviews", "SPA"),
    ("managing plaudits and addressing complaints", "DCC"),
    ("Leading patient education sessions and workshops", "DCC"),
    ("mentoring students", "SPA"),
    ("Facilitation and participation in clinical supervision sessions", "SPA"),
])
def test_wessex_appendix_activities(dictionary, activity, category):
    assert category_of(dictionary, activity) == category


# -- NHSE toolkit, Categories of Job Planning: every activity and every example ----------------

NHSE_DCC = [
    "Travelling to and from a patient's home", "Travelling to and from clinic settings",
    "Travelling around and between hospital sites", "Excess travel to and from home",
    "Attending or priority work", "Priority shifts", "Shop floor work", "Physician of the week",
    "Hot reporting", "Acute and emergency work", "Same Day Emergency Care",
    "Hot clinics and hot treatment lists", "Delivery Suite",
    "Ward rounds and inpatient work", "Grand ward round",
    "Inpatient referrals (eg drug review, specialty review)", "Inpatient psychology and counselling",
    "Board round", "Handover",
    "Multidisciplinary care", "Clinical case reviews", "X-Ray meetings", "Rehab MDT", "Cancer MDT",
    "Inpatient MDT", "Virtual MDT", "Transplant MDT", "Discharge planning meeting",
    "Allocation meetings", "Complex case reviews",
    "Operating theatre work", "Planned in-patient operating sessions", "Flexible theatre session",
    "Day surgery", "Emergency operating sessions", "CEPOD operating sessions", "Trauma lists",
    "Procedures", "Thrombectomy", "Interventional Radiology", "Cath lab", "Pleural procedures",
    "Urology Procedures", "Minor operations",
    "Outpatient activities", "Virtual diabetes clinic", "Rapid access chest pain clinic",
    "Nurse-led monitoring follow up clinic", "Bereavement consultation", "Multi-disciplinary clinic",
    "Results clinic", "Psychology clinics", "Group counselling",
    "Community ophthalmology clinics (Glaucoma, AMD etc)", "Appointment based clinical care",
    "Clinical diagnostic work", "Echocardiography reporting", "Tilt table tests",
    "Test results interpretation and collation", "Lab reporting", "Retinal screening",
    "Infection Control", "Autopsy", "Neurophysiology", "Transoesophageal endoscopy", "DNA tests",
    "Blood monitoring clinics",
    "Planning and managing patient care", "Responding to patient and family queries",
    "Specialty advice to other areas", "Advice to students", "New referral triage",
    "Electronic referral management", "Triage and allocations", "Admission and discharge management",
    "Structured education programmes", "Patient management plans", "Patient database updates",
    "Education sessions", "Individualised patient resources", "Patient research",
    "Equipment calibration", "Drug trials", "Medicines reconciliation", "Dispensing medications",
    "Counselling", "Community Clinical Care", "Technology Enabled Care",
    "Aseptic medication preparation (individual patients)",
    "Setting up and cleaning equipment for group sessions", "Support groups",
    "Parent education and antenatal classes", "Rehab groups",
    "Clinical service management", "Operational safe care meetings (bed meetings & SAFER staffing)",
    "Review of clinically fit list", "Team meetings and huddles",
    "Patient-Led Assessments of the Care Environment", "Patient outcomes database management",
    "Board rounds", "National audits and service clinical data management",
    "Support care homes' health provision and standards", "Aseptic medication",
    "Feedback and complaints",
    "Community or home visit", "Home visits", "Community health checks", "School visits",
    "Care home visits",
    "Administrative work directly related to clinical care", "Checking results", "Dictating letters",
    "Phone calls and communication", "Emails regarding clinical care",
    "Case note writing and updating EPR", "Clinical coding",
    "Public health duties", "Universal and telephone advice ('pre-referral')",
    "Work with specialised commissioners", "Advice on health promotion initiatives",
    "Advice on health surveillance programmes", "Policy and guidelines formulation",
    "Advice on infection outbreaks/issues", "Immunisation",
    "Public health representation on Trust committees", "Population health",
    # the toolkit's overview
    "Clinics (virtual, face to face, telephone)", "Procedure lists / operating lists",
    "Patient related admin (results. liaison, profession to profession discussion)",
    "MDTs, ward rounds, board rounds", "Direct Intervention with patient",
    "Indirect intervention for a specific patient",
    "Clinical activities not attributed to a single patient",
]

NHSE_SPA = [
    "Continuing Professional Development", "Departmental meetings", "Local audits", "Appraisal",
    "Informal learning and shadowing", "E-learning", "Conferences", "Study days", "Team away days",
    "Workplace training", "Reviews & discussions", "Journal clubs",
    "Peer and colleague observations", "People management (1:1's)",
    "Appraiser and revalidation roles", "Medical appraiser (x 5 per year)",
    "Audit, quality improvement and service evaluation", "Clinical guideline compliance audit",
    "Service evaluation", "Development and standardisation of best practice",
    "Research", "Commercial research funded work", "Academic research grant work",
    "Development of research proposals", "Academic Internship",
    "Multisite collaboration and engagement",
    "Supervision, coaching and mentoring", "Preceptorship", "Medical School blocks",
    "Multidisciplinary teaching", "Clinical supervision of students",
    "Designated supervisor for trainees", "Supervision of apprentices",
    "Designated prescribing practitioner for post-reg", "Independent prescribing trainee",
    "Peer group supervision",
    "Education and teaching", "Medical education", "Postgraduate simulation",
    "PG trainee Educational Supervisor", "Undergraduate Examiner", "Delivery of accredited training",
    "Supporting regional foundation training programme", "Undergraduate education (eg SME lectures)",
    "Assessment of students in practice", "Delivering in service training sessions",
    "Teaching on programmes",
    "Job planning and rostering management", "Annual leave management", "Return to work interviews",
    "Recruitment", "Roster or rota management",
    "Local clinical governance", "Risk assessments", "Incident reviews", "Coroners",
    "Health and safety checks", "Lab quality assurance", "Investigations into medicines incidents",
    "Service management", "Development projects", "Finance, performance and business planning work",
    "HR activities", "Review and management of budgets", "Strategy and development of projects",
    "Equipment, devices and medicines management", "Ordering suppliers", "Calibration",
    "Medicines stock management",
    "Non-clinical administration", "Routine administration", "Emails",
    "Participation in business and service activities",
    "Liaison with IT, estates, HR and Occupational Health", "Communications",
    # the toolkit's overview
    "CPD – personal study, journal clubs, IST", "job planning, appraisal as an appraisee",
    "Students – time allocated for students",
    # printed under ANR Lead clinician / Clinical governance lead, but tasks without the role
    "Business planning and review of budgets", "Investigation of medicines incidents",
]

NHSE_ANR = [
    "Trust funded LNC duties", "CCG commissioned roles hosted by the trust",
    "Director of Public Health and other public health roles", "Public Health Director",
    "Trust director, deputy director or other trust or ICS lead role", "Caldicott guardian",
    "Freedom to speak up champion", "Guardian of Safe Working Hours", "Director of medical education",
    "Director of Simulation", "Director of undergraduate education",
    "Directorate or divisional lead role", "Divisional Director", "Care Group Director",
    "Medical Director or Professional lead", "Chief AHP", "Chief Nurse",
    "Clinical Director", "Head of Nursing",
    "Lead clinician", "Service lead", "Clinical network lead",
    "Trust-wide developments related to professional activities eg job planning, CDP, ACP framework",
    "Promoting AHP careers",
    "Clinical governance lead", "Lab quality assurance lead",
    "Clinical audit lead", "NICE guideline compliance lead",
    "Postgraduate dean", "Undergraduate dean",
    "Regional educational supervisor", "Postgraduate Training Programme Director",
    "Clinical tutor", "Undergraduate Clinical Tutor",
    "Link roles", "Mental health first aider", "Fire warden",
    # the toolkit's text on ANR
    "Clinical Advisory Groups (CAG)", "Integrated Care Board (ICB) work leads", "ICB committees",
    "Freedom to Speak Up guardian",
    # printed as a SPA Research example; an appointed role (method.md §1)
    "Research & Development lead",
]

NHSE_ED = [
    "Trade Union duties", "BMA", "unite",
    "Royal College work", "Clinical reference groups", "council", "public engagement work",
    "Care Quality Commission work", "Trust inspections",
    "Academic activities and guest lecturing", "Paid lecturing", "academic supervision",
    "programme writing", "providing external training",
    "Externally commissioned research", "Principal investigator on national funded studies",
    "Government departmental work",
    "Other arm's length bodies work", "Public Health England", "NHS employers", "NICE",
    "funded advisory role",
    "Professional body work", "GMC", "RCN", "HCPC",
    "Practitioner performance advice", "National Clinical Assessment Authority (NCAS)",
    "Media and public engagement", "Public information and engagement",
    "Charity support", "governance and third sector clinical representation",
    # the toolkit's overview
    "Teaching/Guest lectures",
]


@pytest.mark.parametrize("text, category", [
    *[(t, "DCC") for t in NHSE_DCC], *[(t, "SPA") for t in NHSE_SPA],
    *[(t, "ANR") for t in NHSE_ANR], *[(t, "ED") for t in NHSE_ED],
])
def test_nhse_toolkit_tables(dictionary, text, category):
    assert category_of(dictionary, text) == category


# -- BNSSG guidance -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, category", [
    # direct clinical sessions
    ("Profession led clinics", "DCC"),
    ("Profession led care", "DCC"),
    ("Group work with patients", "DCC"),
    ("Health education sessions", "DCC"),
    ("Multidisciplinary clinics", "DCC"),
    ("Care home rounds", "DCC"),
    ("Telephone consultations with patients or carers", "DCC"),
    ("One-to-one patient care", "DCC"),
    ("Clinical supervision", "SPA"),  # decision: method.md §1, NHSE SPA table, Wessex
    # indirect clinical sessions
    ("Advising other members of the multidisciplinary care on specific care matters "
     "(this may be face-to-face, via telephone, email or letter).", "DCC"),
    ("Writing guidelines or protocols", "DCC"),
    ("Clinical management (managing staff on the shop floor to care for patients)", "DCC"),
    ("Handling patient complaints", "DCC"),
    ("Clinical supervision at a distance (e.g. available for advice)", "DCC"),
    ("Multidisciplinary meetings", "DCC"),
    # SPA examples
    ("Continuing Professional Development", "SPA"),
    ("Off-duty rostering", "SPA"),
    ("Teaching (inc. in-house or university)", "SPA"),
    ("Audit", "SPA"),
    ("Research", "SPA"),
    ("Job planning", "SPA"),
    ("Contributions to service management and planning", "SPA"),
    ("Clinical governance activities", "SPA"),
    ("And any other supporting professional activity", "SPA"),
    # additional activities
    ("Senior Professional meetings (SPA)", "SPA"),
    ("Teaching at university (SPA)", "ED"),  # decision: method.md §1 university teaching is ED
    ("Revising protocols (Clinical)", "DCC"),
    ("Examining students (SPA)", "SPA"),
    ("Managed Clinical Network meetings (SPA)", "SPA"),
    ("Case conferences (Clinical)", "DCC"),
])
def test_bnssg_lists(dictionary, text, category):
    assert category_of(dictionary, text) == category


# -- Liverpool FAQ definitions ------------------------------------------------------------------

@pytest.mark.parametrize("text, category", [
    ("MDT meetings", "DCC"),
    ("patient related administrative tasks", "DCC"),
    ("digital health activities", "DCC"),
    ("virtual clinics that use digital communication platforms", "DCC"),
    ("telehealth monitoring", "DCC"),
    ("undertaking laboratory or other diagnostic work", "DCC"),
    ("undertaking a LQA", "DCC"),
    ("providing clinical training", "SPA"),  # DCC only for corporate and education nurses
    ("Appraisals", "SPA"),
    ("teaching", "SPA"),
    ("training", "SPA"),
    ("mandatory training", "SPA"),
    ("research", "SPA"),
    ("audit", "SPA"),
    ("CPD (Continuous Professional Development)", "SPA"),
    ("FTSU (Freedom to Speak Up) guardian", "ANR"),
    ("clinical governance lead", "ANR"),
    ("NHSE advisory committees", "ANR"),
    ("Academic posts", "ED"),
    ("roles in professional bodies or Royal Colleges", "ED"),
    ("consulting work", "ED"),
])
def test_liverpool_faq(dictionary, text, category):
    assert category_of(dictionary, text) == category


@pytest.mark.parametrize("text, category", [
    ("clinic letters", "DCC"),
    ("travel", "DCC"),
    ("CQC inspections", "ED"),
    ("CQC audits", "SPA"),
    ("university teaching", "ED"),
    ("external research", "ED"),
    ("Mental health first aider", "ANR"),
    ("Clinical governance lead", "ANR"),
    ("Freedom to Speak Up guardian", "ANR"),
])
def test_method_md_section_1_examples(dictionary, text, category):
    assert category_of(dictionary, text) == category


# -- what is not known is not guessed -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Underwater basket weaving", "", "   ", "—", "Admin", "Meetings", "Management", "Lunch",
    "Clinician", "Researcher's cat",
])
def test_unknown_activities_match_nothing(dictionary, text):
    assert dictionary.match(text) is None
    assert dictionary.match_start(text) is None


# -- matching rules -----------------------------------------------------------------------------

def test_longest_phrase_wins(dictionary):
    assert dictionary.match("supervision").name == "Supervision, coaching and mentoring"
    assert dictionary.match("clinical supervision").name == "Clinical supervision"
    assert dictionary.match("clinical supervision at a distance").name == "Clinical supervision at a distance"
    assert dictionary.match("clinical audit").category == "SPA"
    assert dictionary.match("Clinical audit lead for the division").category == "ANR"
    assert dictionary.match("teaching").name == "Teaching"
    assert dictionary.match("informal teaching on the ward").name == "Informal teaching"
    assert dictionary.match("Calibration").category == "SPA"
    assert dictionary.match("Equipment calibration").category == "DCC"
    # the longer phrase wins wherever it is in the line
    assert dictionary.match("teaching, then clinical supervision").name == "Clinical supervision"


def test_equal_length_phrases_first_one_wins(dictionary):
    assert dictionary.match("Staff management and team meetings").name == "Staff management"
    assert dictionary.match("Team meetings and staff management").name == "Clinical service management"
    assert dictionary.match("Mentor for hypertension clinics").category == "SPA"


def test_examples_after_eg_count_only_when_nothing_before_them(dictionary):
    assert dictionary.match("Leadership activities e.g. Clinical Advisory Group").category == "SPA"
    assert dictionary.match("Clinical Advisory Group").category == "ANR"
    assert dictionary.match("Monthly meeting e.g. Clinical Advisory Group").category == "ANR"
    assert dictionary.match("Other duties, for example CQC inspections").category == "ED"
    assert dictionary.match("Teaching eg university").name == "Teaching"


@pytest.mark.parametrize("text", [
    "CLINICAL PHONE CALLS", "clinical phone calls", "Clinical—phone—calls", "clinical-phone-calls",
    "clinical/phone/calls", " (Clinical phone calls). ", "Clinical phone call", "clinical\tphone\ncalls",
    "“Clinical” ‘phone’ calls!", "clinical\u00a0phone calls", "clini\u00adcal phone calls",
])
def test_case_punctuation_and_dash_insensitive(dictionary, text):
    assert dictionary.match(text).name == "Clinical phone calls"


def test_ampersand_is_and(dictionary):
    assert dictionary.match("Evidence based practice & quality").name == "Evidence-based practice and quality"
    assert dictionary.match("Leadership and Management").name == dictionary.match("Leadership & management").name


def test_plurals(dictionary):
    assert dictionary.match("Nurse led clinic").name == dictionary.match("nurse-led clinics").name
    assert dictionary.match("ward round").name == dictionary.match("Ward Rounds").name
    assert dictionary.match("journal club").name == "Continuing professional development"
    assert dictionary.match("Supporting professional activity").category == "SPA"


def test_whole_words_only(dictionary):
    assert dictionary.match("Clinicsxyz") is None
    assert dictionary.match("preresearch") is None
    assert dictionary.match("MDTx") is None


@pytest.mark.parametrize("text, expected", [
    ("Team/staff management – 1-1's", "team staff management 1 1 s"),
    ("Evidence-based practice & quality", "evidence based practice and quality"),
    ("Check inpatient lists & identify patients, review Clinic /MDT list.",
     "check inpatient lists and identify patients review clinic mdt list"),
    ("  (Teaching) [SPA]  ", "teaching spa"),
    ("Research — describe “regular” commitments", "research describe regular commitments"),
    ("A&E", "a and e"),
    ("", ""),
])
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_matching_thousands_of_lines_is_fast(dictionary):
    cell = FIGURE_2[0][0] * 3
    start = time.perf_counter()
    for _ in range(2000):
        dictionary.match(cell)
        dictionary.match("Clinical Phone calls - Assessment, prevention of unscheduled care")
    assert time.perf_counter() - start < 10


# -- a trust's own activities -------------------------------------------------------------------

def test_trust_entry_replaces_and_adds():
    base = ActivityDictionary.load()
    trust = check_trust_activities({
        "Clinical supervision": {"category": "DCC"},
        "Tissue viability link nurse": {"category": "ANR", "words": ["TV link nurse", "link nurse"]},
        "Informal Teaching": {"category": "DCC", "pillar": "education", "words": ["teaching on the ward"]},
    }, "jobplan.toml")
    custom = ActivityDictionary.load(trust)
    assert len(custom) == len(base) + 1
    supervision = custom.match("Clinical supervision")
    assert (supervision.category, supervision.pillar, supervision.source) == ("DCC", "clinical", "jobplan.toml")
    # the packaged phrases still recognise the replaced activity
    assert custom.match("clinical and safeguarding supervision").category == "DCC"
    assert custom.match("supervision").category == "SPA"
    added = custom.match("TV link nurse weekly")
    assert (added.name, added.category, added.pillar) == ("Tissue viability link nurse", "ANR", "leadership and management")
    assert custom.match("Tissue viability link nurse").category == "ANR"
    teaching = custom.match("Informal teaching")
    assert (teaching.name, teaching.category, teaching.pillar) == ("Informal Teaching", "DCC", "education")
    assert custom.match("Teaching on the ward").category == "DCC"
    assert custom.get("informal teaching").category == "DCC"
    # the packaged dictionary is unchanged
    assert ActivityDictionary.load().match("Clinical supervision").category == "SPA"
    assert base.match("TV link nurse") is None


def test_trust_phrases_win_over_packaged_ones():
    custom = ActivityDictionary.load({"Governance walk rounds": {"category": "DCC", "words": ["governance"]}})
    assert custom.match("Governance").name == "Governance walk rounds"
    assert custom.match("Governance walk rounds").category == "DCC"
    assert custom.match("clinical governance").category == "SPA"  # longer packaged phrase still wins


def test_trust_mapping_without_check_is_validated():
    with pytest.raises(ConfigError, match=r'activities\."Nonsense"\.category'):
        ActivityDictionary.load({"Nonsense": {"category": "XYZ"}})
    assert ActivityDictionary.load({}).match("Teaching").category == "SPA"
    assert ActivityDictionary.load(None).match("Teaching").category == "SPA"


def test_check_trust_activities_defaults_and_spelling():
    checked = check_trust_activities({
        "Freedom to Speak Up guardian": {"category": "anr"},
        "Ward huddle": {"category": "DCC"},
        "Research nurse": {"category": "SPA", "pillar": "Research", "words": ["trials nurse"]},
        "Staff forum": {"category": "SPA", "pillar": "Leadership & Management"},
    }, "policy/jobplan.toml")
    assert checked["Freedom to Speak Up guardian"] == {
        "category": "ANR", "pillar": "leadership and management", "words": [], "source": "policy/jobplan.toml",
    }
    assert checked["Ward huddle"]["pillar"] == "clinical"
    assert checked["Research nurse"]["pillar"] == "research"
    assert checked["Research nurse"]["words"] == ["trials nurse"]
    assert checked["Staff forum"]["pillar"] == "leadership and management"
    assert check_trust_activities({}, "jobplan.toml") == {}


@pytest.mark.parametrize("data, key", [
    ({"Freedom to Speak Up guardian": {"category": "XYZ"}}, 'activities."Freedom to Speak Up guardian".category'),
    ({"Freedom to Speak Up guardian": {"category": 3}}, 'activities."Freedom to Speak Up guardian".category'),
    ({"Freedom to Speak Up guardian": {}}, 'activities."Freedom to Speak Up guardian".category'),
    ({"Freedom to Speak Up guardian": {"pillar": "research"}}, 'activities."Freedom to Speak Up guardian".category'),
    ({"FTSU": {"category": "ANR", "pillar": "governance"}}, 'activities."FTSU".pillar'),
    ({"FTSU": {"category": "ANR", "pillar": 1}}, 'activities."FTSU".pillar'),
    ({"FTSU": {"category": "ANR", "words": "speak up"}}, 'activities."FTSU".words'),
    ({"FTSU": {"category": "ANR", "words": ["speak up", 4]}}, 'activities."FTSU".words[1]'),
    ({"FTSU": {"category": "ANR", "words": ["speak up", " - "]}}, 'activities."FTSU".words[1]'),
    ({"FTSU": {"category": "ANR", "hours": 2}}, 'activities."FTSU".hours'),
    ({"FTSU": "ANR"}, 'activities."FTSU"'),
    ({"--": {"category": "ANR"}}, 'activities."--"'),
    ({"FTSU": {"category": "ANR"}, "ftsu": {"category": "ED"}}, 'activities."ftsu"'),
    ({'Say "hello"': {"category": "Q"}}, 'activities."Say \\"hello\\"".category'),
])
def test_check_trust_activities_errors_name_the_key_and_file(data, key):
    with pytest.raises(ConfigError) as raised:
        check_trust_activities(data, "/trust/jobplan.toml")
    message = str(raised.value)
    assert key in message
    assert "/trust/jobplan.toml" in message


@pytest.mark.parametrize("data", [["Teaching"], "Teaching", 3, None])
def test_check_trust_activities_needs_a_table(data):
    with pytest.raises(ConfigError, match="jobplan.toml"):
        check_trust_activities(data, "jobplan.toml")


# The BAPO prosthetics and orthotics guide, Table 1 (docs/activities-decisions.md for where it disagrees)
@pytest.mark.parametrize("text, category, name", [
    ("Shape capture", "DCC", "Prosthetic and orthotic clinical work"),
    ("Casting", "DCC", "Prosthetic and orthotic clinical work"),
    ("Orthotic fitting clinic", "DCC", "Prosthetic and orthotic clinical work"),
    ("Prosthetic reviews", "DCC", "Prosthetic and orthotic clinical work"),
    ("Completing orders and specifications for prostheses", "DCC", "Prosthetic and orthotic clinical work"),
    ("Triaging caseloads", "DCC", "Prosthetic and orthotic clinical work"),
    ("Queries with suppliers about a patient's socket", "DCC",
     "Supplier and workshop discussions about a patient's device"),
    ("Discussions with workshop technicians", "DCC", "Supplier and workshop discussions about a patient's device"),
    ("Supporting and assessing learners", "SPA", "Supervision, coaching and mentoring"),
    ("Trade union representative", "ANR", "Trade union representative role"),
    ("NICE committee", "ANR", "NICE committee member"),
    ("Trade union duties (unite)", "ED", "Trade union duties"),
    ("NICE", "ED", "Other arm's length bodies work"),
])
def test_bapo_vocabulary(dictionary, text, category, name):
    found = dictionary.match(text)
    assert (found.category, found.name) == (category, name)
