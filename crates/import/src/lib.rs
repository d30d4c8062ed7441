//! Plan importer: documents into `rectify-plan/1` drafts. (Being written.)
