//! Many rows written by one statement that PostgreSQL prepares once per connection, whatever
//! their number: each column is bound as an array and the arrays are unnested in order. A
//! multi-row `INSERT … VALUES` has a text of its own for each number of rows, so diesel parses
//! and plans it again every time; a group commit writes a few rows of each kind at every commit.

use std::marker::PhantomData;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Date, Nullable, Text, Timestamp};

/// One column's values, in row order.
pub(crate) enum Column {
    /// `text`.
    Text(Vec<String>),
    /// `text`, null allowed.
    OptionalText(Vec<Option<String>>),
    /// `timestamp`.
    Timestamp(Vec<NaiveDateTime>),
    /// `date`.
    Date(Vec<NaiveDate>),
    /// `bigint`.
    BigInt(Vec<i64>),
}

impl Column {
    /// A `text` column: `f` of each row.
    pub(crate) fn text<R>(rows: &[R], f: impl Fn(&R) -> String) -> Column {
        Column::Text(rows.iter().map(f).collect())
    }

    /// A `text` column that allows null: `f` of each row.
    pub(crate) fn optional_text<R>(rows: &[R], f: impl Fn(&R) -> Option<String>) -> Column {
        Column::OptionalText(rows.iter().map(f).collect())
    }

    /// A `timestamp` column: `f` of each row.
    pub(crate) fn timestamp<R>(rows: &[R], f: impl Fn(&R) -> NaiveDateTime) -> Column {
        Column::Timestamp(rows.iter().map(f).collect())
    }

    /// A `date` column: `f` of each row.
    pub(crate) fn date<R>(rows: &[R], f: impl Fn(&R) -> NaiveDate) -> Column {
        Column::Date(rows.iter().map(f).collect())
    }

    /// A `bigint` column: `f` of each row.
    pub(crate) fn big_int<R>(rows: &[R], f: impl Fn(&R) -> i64) -> Column {
        Column::BigInt(rows.iter().map(f).collect())
    }
}

/// A statement `head unnest($1, $2, …) tail` over `columns`; `Id` (a type of the statement's
/// own) is what diesel keeps its prepared statement under, so each statement needs its own.
pub(crate) struct Unnest<Id> {
    head: &'static str,
    columns: Vec<Column>,
    tail: &'static str,
    id: PhantomData<Id>,
}

impl<Id> Unnest<Id> {
    /// The statement `head` `unnest(` the columns `)` `tail`.
    pub(crate) fn new(head: &'static str, columns: Vec<Column>, tail: &'static str) -> Self {
        Unnest {
            head,
            columns,
            tail,
            id: PhantomData,
        }
    }
}

impl<Id: 'static> QueryId for Unnest<Id> {
    type QueryId = Id;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<Id, C> RunQueryDsl<C> for Unnest<Id> {}

impl<Id> QueryFragment<Pg> for Unnest<Id> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(self.head);
        out.push_sql(" unnest(");
        for (i, column) in self.columns.iter().enumerate() {
            if i > 0 {
                out.push_sql(", ");
            }
            match column {
                Column::Text(v) => out.push_bind_param::<Array<Text>, _>(v)?,
                Column::OptionalText(v) => out.push_bind_param::<Array<Nullable<Text>>, _>(v)?,
                Column::Timestamp(v) => out.push_bind_param::<Array<Timestamp>, _>(v)?,
                Column::Date(v) => out.push_bind_param::<Array<Date>, _>(v)?,
                Column::BigInt(v) => out.push_bind_param::<Array<BigInt>, _>(v)?,
            }
        }
        out.push_sql(") ");
        out.push_sql(self.tail);
        Ok(())
    }
}
