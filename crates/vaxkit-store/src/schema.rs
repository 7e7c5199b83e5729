//! Diesel's view of the tables in `migrations/` (the same for both backends).
#![allow(missing_docs)]

diesel::table! {
    accounts (id) {
        id -> BigInt,
        mobile_hash -> Text,
        created_at -> Timestamp,
        mobile_sealed -> Text,
    }
}

diesel::table! {
    regions (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        level -> BigInt,
        parent_id -> Nullable<BigInt>,
        population -> Nullable<BigInt>,
    }
}

diesel::table! {
    facilities (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        address -> Text,
        region_id -> BigInt,
        postal_code -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        #[sql_name = "ref"]
        reference -> Text,
        facility_id -> BigInt,
        date -> Date,
        vaccine -> Text,
        doses -> Text,
        min_age -> BigInt,
        max_age -> Nullable<BigInt>,
        capacity_online -> BigInt,
        capacity_walk_in -> BigInt,
        booked -> BigInt,
        slots -> Text,
        fee -> BigInt,
        cancelled -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    beneficiaries (id) {
        id -> BigInt,
        #[sql_name = "ref"]
        reference -> Text,
        account_id -> BigInt,
        name -> Text,
        birth_year -> BigInt,
        birth_date -> Nullable<Date>,
        gender -> Text,
        id_scheme -> Text,
        id_hash -> Text,
        id_masked -> Text,
        id_sealed -> Binary,
        language -> Text,
        corrected -> Text,
        created_at -> Timestamp,
        merged_into -> Nullable<BigInt>,
        latin_name -> Nullable<Text>,
    }
}

diesel::table! {
    dose_versions (beneficiary_id) {
        beneficiary_id -> BigInt,
        version -> BigInt,
    }
}

diesel::table! {
    doses (id) {
        id -> BigInt,
        #[sql_name = "ref"]
        reference -> Text,
        beneficiary_id -> BigInt,
        dose -> BigInt,
        vaccine -> Text,
        given_on -> Date,
        created_at -> Timestamp,
        batch -> Nullable<Text>,
        facility_id -> Nullable<BigInt>,
        staff_id -> Nullable<BigInt>,
        appointment_id -> Nullable<BigInt>,
        idempotency_key -> Nullable<Text>,
        override_reason -> Nullable<Text>,
        counted_region -> Nullable<Text>,
        counted_age_band -> Nullable<Text>,
        counted_gender -> Nullable<Text>,
    }
}

diesel::table! {
    appointments (id) {
        id -> BigInt,
        #[sql_name = "ref"]
        reference -> Text,
        beneficiary_id -> BigInt,
        session_id -> BigInt,
        dose -> BigInt,
        slot -> Text,
        security_code_hash -> Text,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        security_code_sealed -> Text,
    }
}

diesel::table! {
    otp_challenges (id) {
        id -> BigInt,
        txn_id -> Text,
        mobile_hash -> Text,
        code_hash -> Text,
        attempts -> BigInt,
        used -> Bool,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        mobile_sealed -> Text,
    }
}

diesel::table! {
    auth_tokens (id) {
        id -> BigInt,
        token_hash -> Text,
        account_id -> BigInt,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor -> Text,
        action -> Text,
        entity -> Text,
        entity_ref -> Text,
        before -> Nullable<Text>,
        after -> Nullable<Text>,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        channel -> Text,
        recipient -> Text,
        message_id -> Text,
        language -> Text,
        body -> Text,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        attempts -> BigInt,
        last_error -> Nullable<Text>,
        subject -> Nullable<Text>,
        next_attempt_at -> Nullable<Timestamp>,
        claimed_by -> Nullable<Text>,
        failed_at -> Nullable<Timestamp>,
        gateway_reference -> Nullable<Text>,
        dedup_key -> Nullable<Text>,
    }
}

diesel::table! {
    sms_conversations (mobile_hash) {
        mobile_hash -> Text,
        language -> Text,
        state -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    dose_revocations (dose_id) {
        dose_id -> BigInt,
        revoked_at -> Timestamp,
        reason -> Text,
        staff_id -> BigInt,
    }
}

diesel::joinable!(dose_revocations -> doses (dose_id));
diesel::joinable!(beneficiaries -> accounts (account_id));
diesel::joinable!(facilities -> regions (region_id));
diesel::joinable!(sessions -> facilities (facility_id));
diesel::joinable!(appointments -> sessions (session_id));
diesel::joinable!(appointments -> beneficiaries (beneficiary_id));
diesel::joinable!(doses -> beneficiaries (beneficiary_id));
diesel::joinable!(auth_tokens -> accounts (account_id));

diesel::allow_tables_to_appear_in_same_query!(
    accounts,
    regions,
    facilities,
    sessions,
    beneficiaries,
    dose_versions,
    doses,
    dose_revocations,
    appointments,
    otp_challenges,
    auth_tokens,
    audit_log,
    outbox,
);

diesel::table! {
    staff_users (id) {
        id -> BigInt,
        username -> Text,
        name -> Text,
        password_hash -> Text,
        role -> Text,
        region_code -> Nullable<Text>,
        facility_code -> Nullable<Text>,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    staff_tokens (id) {
        id -> BigInt,
        token_hash -> Text,
        staff_id -> BigInt,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
    }
}

diesel::joinable!(staff_tokens -> staff_users (staff_id));
diesel::allow_tables_to_appear_in_same_query!(staff_users, staff_tokens);

diesel::table! {
    dose_counters (day, region_code, facility_id, vaccine, dose, age_band, gender, shard) {
        day -> Date,
        region_code -> Text,
        facility_id -> BigInt,
        vaccine -> Text,
        dose -> BigInt,
        age_band -> Text,
        gender -> Text,
        shard -> BigInt,
        count -> BigInt,
    }
}

diesel::table! {
    store_meta (name) {
        name -> Text,
        value -> Text,
    }
}

diesel::table! {
    aefi_reports (id) {
        id -> BigInt,
        #[sql_name = "ref"]
        reference -> Text,
        dose_id -> BigInt,
        reporter -> Text,
        onset_date -> Date,
        symptoms -> Text,
        serious -> Bool,
        seriousness -> Text,
        outcome -> Text,
        description -> Text,
        region_code -> Text,
        created_at -> Timestamp,
    }
}
