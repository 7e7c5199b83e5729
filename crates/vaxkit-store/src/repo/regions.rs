//! Regions, copied from the profile's regions.csv at start so that facilities can
//! refer to them.

use std::collections::HashMap;

use diesel::prelude::*;
use vaxkit_profile::Regions;

use crate::schema::regions;
use crate::{DbConnection, StoreResult};

/// A region row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = regions)]
pub struct RegionRow {
    /// Internal key.
    pub id: i64,
    /// The profile's code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Level index (0 = top).
    pub level: i64,
    /// Parent key.
    pub parent_id: Option<i64>,
    /// Population.
    pub population: Option<i64>,
}

/// Makes the table match the profile: adds new regions, updates names, levels,
/// parents and population. Regions that left the profile stay (facilities may point
/// at them). Returns the number of regions inserted.
pub fn sync(conn: &mut DbConnection, profile_regions: &Regions) -> StoreResult<usize> {
    let existing: HashMap<String, RegionRow> = regions::table
        .select(RegionRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|r| (r.code.clone(), r))
        .collect();
    let mut inserted = 0;
    let mut ids: HashMap<String, i64> = existing.iter().map(|(c, r)| (c.clone(), r.id)).collect();
    for r in &profile_regions.list {
        let level = i64::try_from(r.level).unwrap_or(0);
        let population = r.population.and_then(|p| i64::try_from(p).ok());
        match existing.get(&r.code) {
            Some(row)
                if row.name == r.name && row.level == level && row.population == population => {}
            Some(row) => {
                diesel::update(regions::table.find(row.id))
                    .set((
                        regions::name.eq(&r.name),
                        regions::level.eq(level),
                        regions::population.eq(population),
                    ))
                    .execute(conn)?;
            }
            None => {
                let id: i64 = diesel::insert_into(regions::table)
                    .values((
                        regions::code.eq(&r.code),
                        regions::name.eq(&r.name),
                        regions::level.eq(level),
                        regions::population.eq(population),
                    ))
                    .returning(regions::id)
                    .get_result(conn)?;
                ids.insert(r.code.clone(), id);
                inserted += 1;
            }
        }
    }
    for r in &profile_regions.list {
        let parent = r.parent.as_ref().and_then(|p| ids.get(p)).copied();
        let current = existing.get(&r.code).map(|row| row.parent_id);
        if current != Some(parent)
            && let Some(id) = ids.get(&r.code)
        {
            diesel::update(regions::table.find(*id))
                .set(regions::parent_id.eq(parent))
                .execute(conn)?;
        }
    }
    Ok(inserted)
}

/// Region keys by profile code.
pub fn ids_by_code(conn: &mut DbConnection, codes: &[&str]) -> StoreResult<HashMap<String, i64>> {
    Ok(regions::table
        .filter(regions::code.eq_any(codes))
        .select((regions::code, regions::id))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect())
}

/// All regions by key.
pub fn all(conn: &mut DbConnection) -> StoreResult<Vec<RegionRow>> {
    Ok(regions::table
        .select(RegionRow::as_select())
        .order(regions::id)
        .load(conn)?)
}
