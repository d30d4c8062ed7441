//! The working-day calendar's additions: when the State Council publishes
//! next year's holiday notice, an administrator enters it day by day.

use crate::error::Result;
use crate::policy::{self, GlobalAction};
use crate::App;
use chrono::NaiveDate;
use rectify_domain::input::Text;
use rectify_store::{CalendarOverride, User};

/// A holiday's name (国庆节, 春节调休上班).
pub type HolidayName = Text<40, false>;

impl App {
    pub async fn add_calendar_day(
        &self,
        user: &User,
        date: NaiveDate,
        is_workday: bool,
        name: HolidayName,
    ) -> Result<CalendarOverride> {
        policy::require_global(user, GlobalAction::ManageCalendar)?;
        let o = CalendarOverride {
            date,
            is_workday,
            name: name.into_string(),
        };
        self.store.add_calendar_override(&o, &user.username).await?;
        self.forget_calendar().await;
        // Working days moved: every deadline warning may change.
        self.sweep_soon();
        Ok(o)
    }
}
