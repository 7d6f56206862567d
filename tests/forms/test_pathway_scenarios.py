"""Scenario tests: one or more per rule R1–R28, filling the real form fields (F1 triage-contact,
F2 rcrp-decision, F3 s136-monitor, F4 walkout-awol, F5 safeguarding-referral, F6 missing-person,
F7 frequent-contact-review) and asserting the suggestion, checklist or pathway the rule gives.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tests.forms.pathway_helpers import NOW, checklist, code, guide, pathway_ids

F1, F2, F3, F4, F5, F6, F7 = (
    "triage-contact",
    "rcrp-decision",
    "s136-monitor",
    "walkout-awol",
    "safeguarding-referral",
    "missing-person",
    "frequent-contact-review",
)
ADULT_DOB = date(1990, 4, 2)
CHILD_DOB = date(2010, 9, 1)


def test_r1_overdose_with_reduced_consciousness_is_a_with_police_now() -> None:
    g = guide(
        F1,
        {
            "presenting_concern": ["self_harm_overdose"],
            "physical_red_flags": ["overdose", "reduced_consciousness"],
            "location_type": "public_place",
        },
    )
    assert "R1" in g.fired_ids and code(g) == "A"
    assert g.rcrp.status == "met" and g.rcrp.grounds[0].id == "risk_to_life"
    assert pathway_ids(g)[0] == "emergency_999"


def test_r1_intent_at_a_rail_or_road_edge_is_a() -> None:
    g = guide(F1, {"location_type": "transport", "risk_self_ideation": "yes", "risk_self_intent": "yes"})
    assert "R1" in g.fired_ids and code(g) == "A"


def test_r2_conscious_overdose_at_home_is_a_ambulance_with_mca_checklist() -> None:
    g = guide(
        F1,
        {
            "presenting_concern": ["self_harm_overdose"],
            "overdose_detail": "paracetamol, unknown amount",
            "location_type": "private_dwelling_own",
            "capacity_relevant": "yes",
            "capacity_impairment": "yes",
        },
    )
    assert "R2" in g.fired_ids and code(g) == "A"
    assert "ambulance_ed" in pathway_ids(g)
    items = checklist(g, "mca_emergency")
    assert items["Impairment or disturbance of mind or brain"] == "done"


def test_r3_s136_in_public_place_is_b_with_s136_checklist() -> None:
    g = guide(
        F1,
        {
            "location_type": "public_place",
            "s136_considered": "yes",
            "s136_consulted": "yes",
            "date_of_birth": ADULT_DOB,
        },
    )
    assert "R3" in g.fired_ids and code(g) == "B"
    items = checklist(g, "s136")
    assert (
        items["Health professional consulted first if practicable, and the consultation recorded (s136(1C))"]
        == "done"
    )
    assert items["Never a police station for anyone under 18"] == "done"
    assert pathway_ids(g)[:2] == ["s136_least_restrictive", "health_based_pos"]


def test_r3_on_the_s136_monitor_flags_police_vehicle_without_reason() -> None:
    g = guide(
        F3,
        {
            "power_used": "s136_1",
            "location_type": "public_place",
            "age": 34,
            "consulted": "yes",
            "vehicle": "police_vehicle",
        },
    )
    assert "R3" in g.fired_ids
    assert (
        checklist(g, "s136")["Non-police transport wherever possible: ambulance requested and time recorded"]
        == "problem"
    )


def test_r4_private_dwelling_no_s136_points_to_amhp_and_s135() -> None:
    g = guide(
        F1, {"location_type": "private_dwelling_own", "s136_considered": "yes", "date_of_birth": ADULT_DOB}
    )
    assert "R4" in g.fired_ids and "R3" not in g.fired_ids and code(g) == "B"
    assert "mha_assessment" in pathway_ids(g)
    assert {c.id for c in g.checklists} >= {"s135", "mca_emergency"}


def test_r4_escalates_to_a_when_life_at_risk_now() -> None:
    g = guide(
        F1,
        {
            "location_type": "private_dwelling_other",
            "s136_considered": "yes",
            "physical_red_flags": ["reduced_consciousness"],
        },
    )
    r4 = next(r for r in g.fired if r.id == "R4")
    assert r4.code == "A" and r4.variant_reason and code(g) == "A"


def test_r4_s136_used_in_a_dwelling_is_a_problem_on_the_monitor() -> None:
    g = guide(F3, {"power_used": "s136_1", "location_type": "private_dwelling_own", "age": 40})
    assert "R4" in g.fired_ids
    s136 = checklist(g, "s136")
    assert (
        s136["Not in a private dwelling or its yard, garden, garage or outbuildings (anyone's dwelling)"]
        == "problem"
    )


def test_r5_under_18_never_a_police_station() -> None:
    g = guide(F1, {"date_of_birth": CHILD_DOB, "s136_considered": "yes", "location_type": "school"})
    assert "R5" in g.fired_ids and code(g) == "B"
    assert "camhs_crisis" in pathway_ids(g)
    g3 = guide(
        F3,
        {"power_used": "s136_1", "age": 15, "location_type": "public_place", "first_pos": "police_station"},
    )
    assert {"R5", "R6"} <= set(g3.fired_ids)
    assert checklist(g3, "s136")["Never a police station for anyone under 18"] == "problem"
    assert (
        checklist(g3, "police_station_pos")[
            "Person is 18 or over — never a police station for under-18s, no exceptions"
        ]
        == "problem"
    )


def test_r6_police_station_for_adult_needs_every_condition() -> None:
    g = guide(
        F3,
        {
            "power_used": "s136_1",
            "age": 30,
            "location_type": "public_place",
            "first_pos": "police_station",
            "imminent_risk": "yes",
            "no_other_pos": "no",
            "hcp_available": "yes",
        },
    )
    assert "R6" in g.fired_ids and code(g) == "B"
    items = checklist(g, "police_station_pos")
    assert items["Because of that risk, no other place of safety could reasonably detain them"] == "problem"
    assert items["Behaviour poses an imminent risk of serious injury or death"] == "done"


def test_r7_detention_clock_escalates_after_16_hours_without_assessment() -> None:
    arrived = NOW - timedelta(hours=17)
    g = guide(
        F3,
        {
            "power_used": "s136_1",
            "age": 30,
            "location_type": "public_place",
            "first_pos": "health_based_pos",
            "pos_arrived_at": arrived,
        },
    )
    assert "R7" in g.fired_ids
    assert (
        checklist(g, "s136_timer")["Escalate at 16–20 hours if the assessment has not happened"] == "problem"
    )
    g2 = guide(
        F3,
        {
            "power_used": "s136_1",
            "pos_arrived_at": arrived,
            "extension_granted": "yes",
            "extension_hours": 14,
        },
    )
    assert (
        checklist(g2, "s136_timer")[
            "Extension of up to 12 hours only by the examining doctor, only for the person's condition"
        ]
        == "problem"
    )


def test_r8_welfare_check_below_threshold_no_deployment_with_r28_script() -> None:
    g = guide(
        F1,
        {
            "presenting_concern": ["welfare_concern"],
            "known_to_mh_services": "yes",
            "risk_self_ideation": "no",
        },
    )
    assert "R8" in g.fired_ids and code(g) == "C"
    assert g.rcrp.status == "not_met"
    assert g.rcrp.agency and g.rcrp.who_contacts
    assert "Police will not be attending" in (g.rcrp.caller_script or "")
    assert "call 999" in (g.rcrp.caller_script or "")
    assert "care_team_handover" in pathway_ids(g)


def test_r8_on_the_rcrp_form_and_d_with_supports() -> None:
    g = guide(F2, {"call_category": "welfare_check", "crime_occurring": "no", "risk_now": "no"})
    assert "R8" in g.fired_ids and g.rcrp.status == "not_met"
    g1 = guide(
        F1,
        {
            "presenting_concern": ["welfare_concern"],
            "known_to_mh_services": "yes",
            "capable_supports": "partner at home",
        },
    )
    assert code(g1) == "D"


def test_r9_welfare_check_with_plan_and_means_meets_threshold() -> None:
    g = guide(
        F1,
        {
            "presenting_concern": ["welfare_concern"],
            "known_to_mh_services": "yes",
            "risk_self_ideation": "yes",
            "risk_self_plan": "yes",
            "risk_self_means": "yes",
        },
    )
    assert "R9" in g.fired_ids and "R8" not in g.fired_ids and code(g) == "A"
    assert g.rcrp.status == "met"
    g2 = guide(F2, {"call_category": "welfare_check", "risk_now": "yes", "crime_occurring": "no"})
    assert "R9" in g2.fired_ids and g2.rcrp.status == "met"


def test_r10_informal_walkout_health_setting_enquires_and_high_risk_escalates() -> None:
    g = guide(F4, {"patient_status": "ed_attender", "site_search_done": "yes", "enquiries_done": ["phone"]})
    assert "R10" in g.fired_ids and code(g) == "C" and g.rcrp.status == "not_met"
    items = checklist(g, "walkout_enquiries")
    assert items["Site searched"] == "done" and items["Next of kin contacted"] == "open"
    high = guide(F4, {"patient_status": "informal_inpatient", "missing_risk_level": "high"})
    assert code(high) == "A" and high.rcrp.status == "met"
    medium = guide(F4, {"patient_status": "informal_inpatient", "missing_risk_level": "medium"})
    assert code(medium) == "B"


def test_r11_detained_awol_location_known_trust_returns() -> None:
    g = guide(
        F4,
        {
            "patient_status": "detained_s2_s3",
            "location_known": "yes",
            "known_risks": ["self"],
            "s18_expiry": date(2025, 6, 20),
        },
    )
    assert "R11" in g.fired_ids and code(g) == "C"
    assert g.rcrp.status == "not_met" and "trust" in (g.rcrp.agency or "")
    assert checklist(g, "awol_return")["Date the s18 return power expires confirmed"] == "done"
    expired = guide(
        F4, {"patient_status": "s17_leave", "location_known": "yes", "s18_expiry": date(2025, 6, 1)}
    )
    assert checklist(expired, "awol_return")["Date the s18 return power expires confirmed"] == "problem"


def test_r12_restricted_or_dangerous_awol_reported_to_police_now() -> None:
    g = guide(F4, {"patient_status": "part_iii_restricted", "restricted_informed": "no"})
    assert "R12" in g.fired_ids and code(g) == "A"
    assert "police_missing_person" in pathway_ids(g)
    assert (
        checklist(g, "awol_return")[
            "Restricted patient: responsible clinician and Ministry of Justice informed"
        ]
        == "problem"
    )
    g2 = guide(
        F4, {"patient_status": "detained_s2_s3", "report_category": ["dangerous"], "location_known": "yes"}
    )
    assert "R12" in g2.fired_ids and "R11" not in g2.fired_ids


def test_r13_ideation_with_plan_is_b_crisis_team() -> None:
    g = guide(F1, {"risk_self_ideation": "yes", "risk_self_plan": "yes", "risk_self_means": "no"})
    assert "R13" in g.fired_ids and code(g) == "B"
    assert pathway_ids(g)[0] == "crisis_team_f2f"


def test_r14_ideation_without_plan_is_c() -> None:
    g = guide(F1, {"risk_self_ideation": "yes", "risk_self_plan": "no", "risk_self_means": "no"})
    assert g.fired_ids == ("R14",) and code(g) == "C"
    assert g.suggestion and g.suggestion.target == "within 24 hours"


def test_r15_moderate_distress_with_supports_is_d_to_be_confirmed() -> None:
    g = guide(
        F1,
        {
            "presenting_concern": ["severe_distress"],
            "known_to_mh_services": "yes",
            "crisis_plan_present": "yes",
            "capable_supports": "sister stays tonight",
        },
    )
    assert "R15" in g.fired_ids and code(g) == "D"
    assert next(r for r in g.fired if r.id == "R15").to_be_confirmed


def test_r16_low_risk_routine_is_e() -> None:
    g = guide(F1, {"presenting_concern": ["other"], "risk_self_ideation": "no", "risk_to_others": "no"})
    assert g.fired_ids == ("R16",) and code(g) == "E"
    assert "routine_referral" in pathway_ids(g)


def test_r17_learning_disability_need_is_f_to_ld_team() -> None:
    g = guide(F1, {"communication_needs": ["learning_disability"], "presenting_concern": ["other"]})
    assert "R17" in g.fired_ids and code(g) == "F"
    assert "ld_team" in pathway_ids(g) and "substance_service" not in pathway_ids(g)


def test_r18_advice_only_is_g_with_info_sharing() -> None:
    g = guide(
        F1,
        {
            "contact_mode": "advice_to_police_only",
            "info_shared": "yes",
            "lawful_basis": "dpa_part3_law_enforcement",
        },
    )
    assert g.fired_ids == ("R18",) and code(g) == "G"
    assert checklist(g, "info_sharing")["Lawful basis recorded"] == "done"


def test_r19_intoxication_with_suicidal_talk_is_b_medical_first() -> None:
    g = guide(F1, {"presenting_concern": ["intoxication_withdrawal", "suicidal_thoughts"]})
    assert "R19" in g.fired_ids and code(g) == "B"
    assert pathway_ids(g)[0] == "ambulance_ed"
    g2 = guide(
        F1,
        {
            "presenting_concern": ["intoxication_withdrawal", "suicidal_thoughts"],
            "physical_red_flags": ["reduced_consciousness"],
        },
    )
    assert code(g2) == "A"


def test_r20_dementia_with_delirium_is_b_consider_medical() -> None:
    g = guide(
        F1,
        {
            "presenting_concern": ["confusion_delirium_dementia"],
            "physical_red_flags": ["suspected_delirium"],
            "carer_under_strain": "yes",
        },
    )
    assert "R20" in g.fired_ids and code(g) == "B"
    assert {"urgent_medical", "older_adult_mh", "adult_safeguarding"} <= set(pathway_ids(g))
    assert code(guide(F1, {"presenting_concern": ["confusion_delirium_dementia"]})) == "C"


def test_r21_missing_with_dementia_is_a_herbert_protocol() -> None:
    g = guide(F6, {"dementia": "yes", "herbert_protocol": "yes", "weather_risk": "yes"})
    assert "R21" in g.fired_ids and code(g) == "A"
    assert checklist(g, "herbert")["Herbert Protocol form requested from the family or care home"] == "done"


def test_r22_children_present_refers_to_childrens_social_care() -> None:
    g = guide(F1, {"children_present": "yes", "children": [{"child_age": 7}]})
    assert "R22" in g.fired_ids and "childrens_social_care" in pathway_ids(g)
    g5 = guide(
        F5,
        {
            "referral_types": ["child"],
            "school_age": "yes",
            "encompass_notified": "no",
            "police_protection_s46": "yes",
        },
    )
    assert code(g5) == "A"
    assert (
        checklist(g5, "child_safeguarding")[
            "School-age child after a police-attended DA incident: school told before the next school day "
            "(Operation Encompass)"
        ]
        == "problem"
    )


def test_r23_dash_high_risk_needs_marac() -> None:
    g = guide(
        F5,
        {
            "referral_types": ["domestic_abuse"],
            "dash_completed": "yes",
            "dash_ticks": 15,
            "marac_referral": "no",
        },
    )
    assert "R23" in g.fired_ids and {"da_idva", "marac"} <= set(pathway_ids(g))
    line = (
        "14 or more ticks, or professional judgement (strangulation, threats to kill, stalking, escalation, "
        "victim's fear): refer to MARAC"
    )
    assert checklist(g, "da_marac")[line] == "problem"
    low = guide(F5, {"referral_types": ["domestic_abuse"], "dash_completed": "yes", "dash_ticks": 5})
    assert "marac" not in pathway_ids(low)


def test_r24_adult_at_risk_s42_concern() -> None:
    g = guide(F1, {"adult_at_risk": "yes", "risk_from_others": ["cuckooing"]})
    assert "R24" in g.fired_ids and code(g) == "F" and "adult_safeguarding" in pathway_ids(g)
    g5 = guide(
        F5,
        {
            "referral_types": ["adult_at_risk"],
            "care_support_needs": "yes",
            "abuse_types": ["financial"],
            "unable_to_protect": "yes",
        },
    )
    assert (
        "R24" in g5.fired_ids
        and checklist(g5, "adult_s42")["Cannot protect themself because of those needs"] == "done"
    )


def test_r25_frequent_contact_never_downgrades_the_code() -> None:
    answers = {"risk_self_ideation": "yes", "risk_self_plan": "yes", "risk_self_means": "yes"}
    first = guide(F1, answers)
    frequent = guide(F1, {**answers, "previous_contacts_30d": 12})
    assert "R25" in frequent.fired_ids and code(frequent) == code(first) == "B"
    assert "frequent_review" in pathway_ids(frequent)
    g7 = guide(F7, {"contacts_30d": 2, "contacts_365d": 25, "each_call_assessed_on_merits": "yes"})
    assert "R25" in g7.fired_ids and code(g7) is None
    assert (
        checklist(g7, "frequent_review")[
            "This call assessed on its own facts — a contact count never lowers the code"
        ]
        == "done"
    )


def test_r26_conveyance_ambulance_first() -> None:
    g = guide(F3, {"power_used": "s136_1", "vehicle": "police_vehicle", "ambulance_requested": "no"})
    assert "R26" in g.fired_ids
    assert checklist(g, "conveyance")["Ambulance requested first"] == "open"
    assert (
        checklist(g, "conveyance")[
            "Police vehicle only if no ambulance in the locally agreed time (e.g. 30 min) or risk requires — "
            "reason recorded"
        ]
        == "problem"
    )


def test_r27_handover_within_an_hour() -> None:
    arrived = datetime(2025, 6, 4, 10, 0, tzinfo=UTC)
    g = guide(
        F3,
        {
            "first_pos": "health_based_pos",
            "pos_arrived_at": arrived,
            "handover_at": arrived + timedelta(minutes=95),
        },
    )
    assert "R27" in g.fired_ids
    assert (
        checklist(g, "handover")[
            "Handover to NHS staff within 1 hour of arrival (local rule whether ED is included)"
        ]
        == "problem"
    )


def test_r28_no_deployment_must_name_agency_and_tell_caller() -> None:
    g = guide(F1, {"police_action": "no_deployment_refer", "caller_told": "no"})
    assert "R28" in g.fired_ids
    items = checklist(g, "no_deployment")
    assert items["Alternative agency named"] == "problem"
    assert items["Caller told police will not attend"] == "problem"
    g2 = guide(
        F2,
        {
            "rcrp_decision": "threshold_not_met",
            "alternative_agency": "Crisis team",
            "agency_contact_owner": "MHP",
            "caller_told": "yes",
            "safety_net_advice": "999 if in danger",
        },
    )
    assert all(s == "done" for s in checklist(g2, "no_deployment").values())


def test_rcrp_crime_ground_comes_from_the_rcrp_form() -> None:
    g = guide(F2, {"call_category": "welfare_check", "crime_occurring": "yes", "risk_now": "no"})
    assert g.rcrp.status == "met" and [x.id for x in g.rcrp.grounds] == ["crime"]


def test_ties_are_explained_and_lower_codes_listed() -> None:
    g = guide(
        F1,
        {
            "presenting_concern": ["welfare_concern", "self_harm_overdose"],
            "known_to_mh_services": "yes",
            "risk_self_ideation": "yes",
            "risk_self_plan": "yes",
            "risk_self_means": "yes",
            "physical_red_flags": ["reduced_consciousness"],
        },
    )
    assert g.suggestion and set(g.suggestion.rule_ids) >= {"R1", "R9"}
    assert "agree" in g.suggestion.explanation and "R13 (B)" in g.suggestion.explanation


def test_no_answers_no_suggestion() -> None:
    g = guide(F1, {})
    assert g.suggestion is None and g.rcrp.status == "undetermined"


def test_every_rule_has_a_scenario() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    for n in range(1, 29):
        assert f"def test_r{n}_" in source, f"R{n} has no scenario test"


def test_at_uses_the_given_time_for_services() -> None:
    night = datetime(2025, 6, 4, 23, 30, tzinfo=UTC)
    g = guide(F1, {"risk_self_ideation": "yes", "risk_self_plan": "no"}, at=night)
    cmht = next(s for p in g.pathways for s in p.services if s.id == "wexley_cmht")
    # 23:30 UTC is 00:30 BST on Thursday in London: the CMHT opens "today" at 09:00 local time.
    assert not cmht.is_open and cmht.status == "closed — opens at 09:00"
    assert g.at == night.astimezone(UTC)
