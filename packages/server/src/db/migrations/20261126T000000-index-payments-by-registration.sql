-- The latest charge attempt of a registration (shown with every registration a member sees).
create index payments_registration_idx on payments (registration_id, id desc);
