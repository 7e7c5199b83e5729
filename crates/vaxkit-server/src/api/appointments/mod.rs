//! Appointments: book (a family at once, all or none), reschedule, cancel, and the slip —
//! [`vaxkit_core::booking`].

pub mod book;
pub mod cancel;
pub mod list;
pub mod reschedule;
pub mod slip;
