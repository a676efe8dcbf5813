<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
    <context>
        <name>AppointmentBookedScreen</name>
        <message>
            <source>Your appointment is booked</source>
            <translation>Your appointment is booked</translation>
        </message>
        <message>
            <source>Please arrive 10 minutes early with your ID card and materials.</source>
            <translation>Please arrive 10 minutes early with your ID card and materials.</translation>
        </message>
        <message>
            <source>My appointments</source>
            <translation>My appointments</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>Appointment code</source>
            <translation>Appointment code</translation>
        </message>
        <message>
            <source>Show this code at the hall</source>
            <translation>Show this code at the hall</translation>
        </message>
    </context>
    <context>
        <name>AppointmentSlotsScreen</name>
        <message>
            <source>Book an appointment</source>
            <translation>Book an appointment</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>%1 min walk</source>
            <translation>%1 min walk</translation>
        </message>
        <message>
            <source>Booking needs the network, which is down. Try again later, or ask staff.</source>
            <translation>Booking needs the network, which is down. Try again later, or ask staff.</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>Day</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Earlier</source>
            <translation>Earlier</translation>
        </message>
        <message>
            <source>Later</source>
            <translation>Later</translation>
        </message>
        <message numerus="yes">
            <source>%n place(s) left</source>
            <translation>
                <numerusform>%n place left</numerusform>
                <numerusform>%n places left</numerusform>
            </translation>
        </message>
        <message>
            <source>Full</source>
            <translation>Full</translation>
        </message>
        <message>
            <source>No free time on this day. Choose another day.</source>
            <translation>No free time on this day. Choose another day.</translation>
        </message>
        <message>
            <source>Your choice: %1</source>
            <translation>Your choice: %1</translation>
        </message>
        <message>
            <source>Choose a time</source>
            <translation>Choose a time</translation>
        </message>
        <message>
            <source>Identify and book</source>
            <translation>Identify and book</translation>
        </message>
        <message>
            <source>Book</source>
            <translation>Book</translation>
        </message>
    </context>
    <context>
        <name>CodeScreen</name>
        <message>
            <source>Confirm with a code sent to your phone</source>
            <translation>Confirm with a code sent to your phone</translation>
        </message>
        <message>
            <source>We sent a 6-digit code to the phone number ending in %1.</source>
            <translation>We sent a 6-digit code to the phone number ending in %1.</translation>
        </message>
        <message>
            <source>This service needs a second check. We will text a code to your registered phone.</source>
            <translation>This service needs a second check. We will text a code to your registered phone.</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>Send code</source>
            <translation>Send code</translation>
        </message>
        <message>
            <source>Resend in %1 s</source>
            <translation>Resend in %1 s</translation>
        </message>
        <message>
            <source>Resend code</source>
            <translation>Resend code</translation>
        </message>
    </context>
    <context>
        <name>DeliveryChoice</name>
        <message>
            <source>Printed here and now</source>
            <translation>Printed here and now</translation>
        </message>
        <message>
            <source>Collect at a service hall</source>
            <translation>Collect at a service hall</translation>
        </message>
        <message>
            <source>Posted to you (express mail)</source>
            <translation>Posted to you (express mail)</translation>
        </message>
        <message>
            <source>How do you want the result?</source>
            <translation>How do you want the result?</translation>
        </message>
        <message>
            <source>You take the result with you today.</source>
            <translation>You take the result with you today.</translation>
        </message>
        <message>
            <source>Expected by %1</source>
            <translation>Expected by %1</translation>
        </message>
        <message>
            <source>%1 min walk</source>
            <translation>%1 min walk</translation>
        </message>
    </context>
    <context>
        <name>DockPanel</name>
        <message>
            <source>›</source>
            <translation>›</translation>
        </message>
        <message>
            <source>‹</source>
            <translation>‹</translation>
        </message>
        <message>
            <source>Developer dock</source>
            <translation>Developer dock</translation>
        </message>
        <message>
            <source>Place ID card</source>
            <translation>Place ID card</translation>
        </message>
        <message>
            <source>Lift ID card</source>
            <translation>Lift ID card</translation>
        </message>
        <message>
            <source>Insert citizen card</source>
            <translation>Insert citizen card</translation>
        </message>
        <message>
            <source>Remove citizen card</source>
            <translation>Remove citizen card</translation>
        </message>
        <message>
            <source>Technician card</source>
            <translation>Technician card</translation>
        </message>
        <message>
            <source>Show e-ID QR</source>
            <translation>Show e-ID QR</translation>
        </message>
        <message>
            <source>Show document</source>
            <translation>Show document</translation>
        </message>
        <message>
            <source>Clear camera</source>
            <translation>Clear camera</translation>
        </message>
        <message>
            <source>Paper out</source>
            <translation>Paper out</translation>
        </message>
        <message>
            <source>Printer ready</source>
            <translation>Printer ready</translation>
        </message>
        <message>
            <source>Cut network</source>
            <translation>Cut network</translation>
        </message>
        <message>
            <source>Slow network</source>
            <translation>Slow network</translation>
        </message>
        <message>
            <source>Network OK</source>
            <translation>Network OK</translation>
        </message>
    </context>
    <context>
        <name>FormField</name>
        <message>
            <source>From your card</source>
            <translation>From your card</translation>
        </message>
        <message>
            <source>From city records</source>
            <translation>From city records</translation>
        </message>
        <message>
            <source>YYYY-MM-DD</source>
            <translation>YYYY-MM-DD</translation>
        </message>
    </context>
    <context>
        <name>FormScreen</name>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Next</translation>
        </message>
    </context>
    <context>
        <name>HelpScreen</name>
        <message>
            <source>Help is on the way</source>
            <translation>Help is on the way</translation>
        </message>
        <message>
            <source>Call staff</source>
            <translation>Call staff</translation>
        </message>
        <message>
            <source>A member of staff has been told and will come to this terminal. Please wait here.</source>
            <translation>A member of staff has been told and will come to this terminal. Please wait here.</translation>
        </message>
        <message>
            <source>We could not reach the staff desk. Please ask at the front desk.</source>
            <translation>We could not reach the staff desk. Please ask at the front desk.</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
    </context>
    <context>
        <name>HomeScreen</name>
        <message>
            <source>Welcome. Choose a service, or identify yourself to start</source>
            <translation>Welcome. Choose a service, or identify yourself to start</translation>
        </message>
        <message>
            <source>Identify yourself</source>
            <translation>Identify yourself</translation>
        </message>
        <message>
            <source>Place your ID card on the reader</source>
            <translation>Place your ID card on the reader</translation>
        </message>
        <message>
            <source>Lift it again after the beep</source>
            <translation>Lift it again after the beep</translation>
        </message>
        <message>
            <source>Service points and map</source>
            <translation>Service points and map</translation>
        </message>
        <message>
            <source>12345 hotline</source>
            <translation>12345 hotline</translation>
        </message>
        <message>
            <source>All services</source>
            <translation>All services</translation>
        </message>
        <message>
            <source>Services</source>
            <translation>Services</translation>
        </message>
        <message>
            <source>The service list is not available right now. Identify yourself, or ask staff for help.</source>
            <translation>The service list is not available right now. Identify yourself, or ask staff for help.</translation>
        </message>
        <message>
            <source>Or insert your citizen card</source>
            <translation>Or insert your citizen card</translation>
        </message>
        <message>
            <source>Leave it in the slot until you finish</source>
            <translation>Leave it in the slot until you finish</translation>
        </message>
        <message>
            <source>Or show your e-ID QR code to the camera</source>
            <translation>Or show your e-ID QR code to the camera</translation>
        </message>
        <message>
            <source>Open the e-ID in your phone's government app</source>
            <translation>Open the e-ID in your phone's government app</translation>
        </message>
        <message>
            <source>My bookings</source>
            <translation>My bookings</translation>
        </message>
        <message>
            <source>Track a case</source>
            <translation>Track a case</translation>
        </message>
        <message>
            <source>Ask staff for help</source>
            <translation>Ask staff for help</translation>
        </message>
    </context>
    <context>
        <name>IdentityScreen</name>
        <message>
            <source>Is this you?</source>
            <translation>Is this you?</translation>
        </message>
        <message>
            <source>Read from your citizen card</source>
            <translation>Read from your citizen card</translation>
        </message>
        <message>
            <source>Confirmed with your e-ID</source>
            <translation>Confirmed with your e-ID</translation>
        </message>
        <message>
            <source>Read from your ID card. You can take your card now.</source>
            <translation>Read from your ID card. You can take your card now.</translation>
        </message>
        <message>
            <source>Not you? Exit</source>
            <translation>Not you? Exit</translation>
        </message>
        <message>
            <source>Yes, continue</source>
            <translation>Yes, continue</translation>
        </message>
    </context>
    <context>
        <name>IdleOverlay</name>
        <message>
            <source>Are you still there?</source>
            <translation>Are you still there?</translation>
        </message>
        <message>
            <source>For your privacy this session will end and everything you entered will be erased.</source>
            <translation>For your privacy this session will end and everything you entered will be erased.</translation>
        </message>
        <message>
            <source>Exit now</source>
            <translation>Exit now</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>Continue</translation>
        </message>
    </context>
    <context>
        <name>LeaveKioskPanel</name>
        <message>
            <source>Leave the kiosk</source>
            <translation>Leave the kiosk</translation>
        </message>
        <message>
            <source>Residents cannot use this terminal until the kiosk is started again (systemctl start kiosk, or a restart). Leave now?</source>
            <translation>Residents cannot use this terminal until the kiosk is started again (systemctl start kiosk, or a restart). Leave now?</translation>
        </message>
        <message>
            <source>Stops the kiosk app for maintenance at the console.</source>
            <translation>Stops the kiosk app for maintenance at the console.</translation>
        </message>
        <message>
            <source>Leave now</source>
            <translation>Leave now</translation>
        </message>
        <message>
            <source>Stay</source>
            <translation>Stay</translation>
        </message>
    </context>
    <context>
        <name>Main</name>
        <message>
            <source>Neighbourhood service kiosk</source>
            <translation>Neighbourhood service kiosk</translation>
        </message>
    </context>
    <context>
        <name>MaterialsScreen</name>
        <message>
            <source>Documents</source>
            <translation>Documents</translation>
        </message>
        <message>
            <source>Already on file, nothing to do</source>
            <translation>Already on file, nothing to do</translation>
        </message>
        <message>
            <source>%1 of %2 pages</source>
            <translation>%1 of %2 pages</translation>
        </message>
        <message>
            <source>(optional)</source>
            <translation>(optional)</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Next</translation>
        </message>
        <message>
            <source>All documents are in. Tap Next.</source>
            <translation>All documents are in. Tap Next.</translation>
        </message>
        <message>
            <source>Put the document under the camera</source>
            <translation>Put the document under the camera</translation>
        </message>
        <message>
            <source>×</source>
            <translation>×</translation>
        </message>
        <message>
            <source>Take picture</source>
            <translation>Take picture</translation>
        </message>
    </context>
    <context>
        <name>MyAppointmentsScreen</name>
        <message>
            <source>My appointments</source>
            <translation>My appointments</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>Code %1</source>
            <translation>Code %1</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Cancelled</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Previous page</source>
            <translation>Previous page</translation>
        </message>
        <message>
            <source>Page %1 of %2</source>
            <translation>Page %1 of %2</translation>
        </message>
        <message>
            <source>Next page</source>
            <translation>Next page</translation>
        </message>
    </context>
    <context>
        <name>NumericKeypad</name>
        <message>
            <source>Delete</source>
            <translation>Delete</translation>
        </message>
        <message>
            <source>0</source>
            <translation>0</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
    </context>
    <context>
        <name>PointRow</name>
        <message>
            <source>%1 min walk</source>
            <translation>%1 min walk</translation>
        </message>
        <message>
            <source>Open until %1</source>
            <translation>Open until %1</translation>
        </message>
        <message>
            <source>Open now</source>
            <translation>Open now</translation>
        </message>
        <message>
            <source>Closed, opens %1</source>
            <translation>Closed, opens %1</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>Closed</translation>
        </message>
        <message numerus="yes">
            <source>%n waiting</source>
            <translation>
                <numerusform>%n waiting</numerusform>
                <numerusform>%n waiting</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>RatingScreen</name>
        <message>
            <source>How was this errand?</source>
            <translation>How was this errand?</translation>
        </message>
        <message>
            <source>What went wrong? Choose any.</source>
            <translation>What went wrong? Choose any.</translation>
        </message>
        <message>
            <source>Anything else you want to tell us (optional)</source>
            <translation>Anything else you want to tell us (optional)</translation>
        </message>
        <message>
            <source>Skip</source>
            <translation>Skip</translation>
        </message>
        <message>
            <source>Send rating</source>
            <translation>Send rating</translation>
        </message>
    </context>
    <context>
        <name>ReadingScreen</name>
        <message>
            <source>Reading your card…</source>
            <translation>Reading your card…</translation>
        </message>
        <message>
            <source>Keep the card still until you hear the beep</source>
            <translation>Keep the card still until you hear the beep</translation>
        </message>
    </context>
    <context>
        <name>ReceiptScreen</name>
        <message>
            <source>Saved. It will be sent when the network is back</source>
            <translation>Saved. It will be sent when the network is back</translation>
        </message>
        <message>
            <source>Your application has been sent</source>
            <translation>Your application has been sent</translation>
        </message>
        <message>
            <source>Your receipt is valid. You do not need to come back.</source>
            <translation>Your receipt is valid. You do not need to come back.</translation>
        </message>
        <message>
            <source>You will get a text message when there is news.</source>
            <translation>You will get a text message when there is news.</translation>
        </message>
        <message>
            <source>Tracking code</source>
            <translation>Tracking code</translation>
        </message>
        <message>
            <source>Posted to %1 by %2</source>
            <translation>Posted to %1 by %2</translation>
        </message>
        <message>
            <source>Collect at %1 (%2), %3, from %4</source>
            <translation>Collect at %1 (%2), %3, from %4</translation>
        </message>
        <message>
            <source>Questions: call %1</source>
            <translation>Questions: call %1</translation>
        </message>
        <message>
            <source>Please take your printed receipt.</source>
            <translation>Please take your printed receipt.</translation>
        </message>
        <message>
            <source>The receipt could not be printed. Photograph this QR code instead.</source>
            <translation>The receipt could not be printed. Photograph this QR code instead.</translation>
        </message>
        <message>
            <source>Remember to take your ID card.</source>
            <translation>Remember to take your ID card.</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>Finish</translation>
        </message>
    </context>
    <context>
        <name>ReviewScreen</name>
        <message>
            <source>Check and sign</source>
            <translation>Check and sign</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>Yes</translation>
        </message>
        <message>
            <source>No</source>
            <translation>No</translation>
        </message>
        <message>
            <source>on file</source>
            <translation>on file</translation>
        </message>
        <message numerus="yes">
            <source>%n page(s)</source>
            <translation>
                <numerusform>%n page</numerusform>
                <numerusform>%n pages</numerusform>
            </translation>
        </message>
        <message>
            <source>I confirm the information is true and agree that it is sent to the service office.</source>
            <translation>I confirm the information is true and agree that it is sent to the service office.</translation>
        </message>
        <message>
            <source>Sign here with your finger</source>
            <translation>Sign here with your finger</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>Clear signature</source>
            <translation>Clear signature</translation>
        </message>
        <message>
            <source>Submit</source>
            <translation>Submit</translation>
        </message>
    </context>
    <context>
        <name>ServiceDetailsScreen</name>
        <message>
            <source>Printed here and now</source>
            <translation>Printed here and now</translation>
        </message>
        <message>
            <source>Collect at a service hall</source>
            <translation>Collect at a service hall</translation>
        </message>
        <message>
            <source>Posted to you (express mail)</source>
            <translation>Posted to you (express mail)</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>Done on the spot: the result is printed now</source>
            <translation>Done on the spot: the result is printed now</translation>
        </message>
        <message numerus="yes">
            <source>Legal time limit: %n working day(s)</source>
            <translation>
                <numerusform>Legal time limit: %n working day</numerusform>
                <numerusform>Legal time limit: %n working days</numerusform>
            </translation>
        </message>
        <message>
            <source>The hall tells you when the result is ready</source>
            <translation>The hall tells you when the result is ready</translation>
        </message>
        <message>
            <source>Free of charge</source>
            <translation>Free of charge</translation>
        </message>
        <message>
            <source>Identify with your ID card and a code sent to your phone</source>
            <translation>Identify with your ID card and a code sent to your phone</translation>
        </message>
        <message>
            <source>Identify with your ID card, citizen card or e-ID</source>
            <translation>Identify with your ID card, citizen card or e-ID</translation>
        </message>
        <message>
            <source>Nothing to bring</source>
            <translation>Nothing to bring</translation>
        </message>
        <message>
            <source>What to bring</source>
            <translation>What to bring</translation>
        </message>
        <message>
            <source>(optional)</source>
            <translation>(optional)</translation>
        </message>
        <message>
            <source>on file for you, no need to bring it</source>
            <translation>on file for you, no need to bring it</translation>
        </message>
        <message>
            <source>After you identify with a phone code, the kiosk shows which of these the city already holds for you.</source>
            <translation>After you identify with a phone code, the kiosk shows which of these the city already holds for you.</translation>
        </message>
        <message>
            <source>How you get the result</source>
            <translation>How you get the result</translation>
        </message>
        <message>
            <source>by %1</source>
            <translation>by %1</translation>
        </message>
        <message>
            <source>Also done at</source>
            <translation>Also done at</translation>
        </message>
        <message>
            <source>Done at these places</source>
            <translation>Done at these places</translation>
        </message>
        <message>
            <source>%1 min walk</source>
            <translation>%1 min walk</translation>
        </message>
        <message>
            <source>Open now</source>
            <translation>Open now</translation>
        </message>
        <message>
            <source>Opens %1</source>
            <translation>Opens %1</translation>
        </message>
        <message>
            <source>See on the map</source>
            <translation>See on the map</translation>
        </message>
        <message>
            <source>Print directions to the nearest</source>
            <translation>Print directions to the nearest</translation>
        </message>
        <message>
            <source>Start here</source>
            <translation>Start here</translation>
        </message>
    </context>
    <context>
        <name>ServicePointsScreen</name>
        <message>
            <source>Within a half-hour walk</source>
            <translation>Within a half-hour walk</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>No network: points and map as kept at %1. Opening times may have changed; booking needs the network.</source>
            <translation>No network: points and map as kept at %1. Opening times may have changed; booking needs the network.</translation>
        </message>
        <message>
            <source>Service:</source>
            <translation>Service:</translation>
        </message>
        <message>
            <source>All services</source>
            <translation>All services</translation>
        </message>
        <message>
            <source>Show all</source>
            <translation>Show all</translation>
        </message>
        <message>
            <source>No service point within a half-hour walk. Ask staff for the nearest one.</source>
            <translation>No service point within a half-hour walk. Ask staff for the nearest one.</translation>
        </message>
        <message>
            <source>Print directions</source>
            <translation>Print directions</translation>
        </message>
        <message>
            <source>Book an appointment</source>
            <translation>Book an appointment</translation>
        </message>
        <message numerus="yes">
            <source>%n more point(s) over 30 minutes' walk away</source>
            <translation>
                <numerusform>%n more point over 30 minutes' walk away</numerusform>
                <numerusform>%n more points over 30 minutes' walk away</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ServicesScreen</name>
        <message>
            <source>Browse services</source>
            <translation>Browse services</translation>
        </message>
        <message>
            <source>Choose a service</source>
            <translation>Choose a service</translation>
        </message>
        <message>
            <source>Home</source>
            <translation>Home</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>Search: 居住证, residence, or initials like jzz</source>
            <translation>Search: 居住证, residence, or initials like jzz</translation>
        </message>
        <message>
            <source>All</source>
            <translation>All</translation>
        </message>
        <message>
            <source>(at the service hall)</source>
            <translation>(at the service hall)</translation>
        </message>
        <message>
            <source>Nothing found. Try other words or ask staff.</source>
            <translation>Nothing found. Try other words or ask staff.</translation>
        </message>
        <message>
            <source>Previous page</source>
            <translation>Previous page</translation>
        </message>
        <message>
            <source>Next page</source>
            <translation>Next page</translation>
        </message>
        <message>
            <source>Page %1 of %2</source>
            <translation>Page %1 of %2</translation>
        </message>
    </context>
    <context>
        <name>StartupTechnicianScreen</name>
        <message>
            <source>Technician screen</source>
            <translation>Technician screen</translation>
        </message>
        <message>
            <source>Signed in with the PIN</source>
            <translation>Signed in with the PIN</translation>
        </message>
        <message>
            <source>Sign out</source>
            <translation>Sign out</translation>
        </message>
        <message>
            <source>Why the kiosk cannot start</source>
            <translation>Why the kiosk cannot start</translation>
        </message>
        <message>
            <source>Fault code</source>
            <translation>Fault code</translation>
        </message>
        <message>
            <source>The kiosk keeps trying by itself and opens once the fault is fixed. To fix it, leave the kiosk and run kiosk doctor at the console: it names the cause and the fix.</source>
            <translation>The kiosk keeps trying by itself and opens once the fault is fixed. To fix it, leave the kiosk and run kiosk doctor at the console: it names the cause and the fix.</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>Terminal</translation>
        </message>
        <message>
            <source>Terminal id</source>
            <translation>Terminal id</translation>
        </message>
        <message>
            <source>Location</source>
            <translation>Location</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Version</translation>
        </message>
    </context>
    <context>
        <name>StatusBar</name>
        <message>
            <source>Online</source>
            <translation>Online</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>Offline</translation>
        </message>
        <message numerus="yes">
            <source>%n waiting to send</source>
            <translation>
                <numerusform>%n waiting to send</numerusform>
                <numerusform>%n waiting to send</numerusform>
            </translation>
        </message>
        <message>
            <source>English</source>
            <translation>English</translation>
        </message>
        <message>
            <source>中文</source>
            <translation>中文</translation>
        </message>
        <message>
            <source>Standard mode</source>
            <translation>Standard mode</translation>
        </message>
        <message>
            <source>Elder mode</source>
            <translation>Elder mode</translation>
        </message>
        <message>
            <source>Call staff</source>
            <translation>Call staff</translation>
        </message>
    </context>
    <context>
        <name>Steps</name>
        <message>
            <source>Identity</source>
            <translation>Identity</translation>
        </message>
        <message>
            <source>Form</source>
            <translation>Form</translation>
        </message>
        <message>
            <source>Materials</source>
            <translation>Materials</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>Review</translation>
        </message>
        <message>
            <source>Receipt</source>
            <translation>Receipt</translation>
        </message>
    </context>
    <context>
        <name>SubmittingScreen</name>
        <message>
            <source>Sending your application…</source>
            <translation>Sending your application…</translation>
        </message>
        <message>
            <source>This takes a few seconds.</source>
            <translation>This takes a few seconds.</translation>
        </message>
        <message>
            <source>The network is down. Your application is saved and will be sent automatically; your receipt is valid.</source>
            <translation>The network is down. Your application is saved and will be sent automatically; your receipt is valid.</translation>
        </message>
    </context>
    <context>
        <name>TechnicianScreen</name>
        <message>
            <source>ID-card reader</source>
            <translation>ID-card reader</translation>
        </message>
        <message>
            <source>Citizen-card reader</source>
            <translation>Citizen-card reader</translation>
        </message>
        <message>
            <source>Document camera</source>
            <translation>Document camera</translation>
        </message>
        <message>
            <source>Receipt printer</source>
            <translation>Receipt printer</translation>
        </message>
        <message>
            <source>QR decoder</source>
            <translation>QR decoder</translation>
        </message>
        <message>
            <source>working</source>
            <translation>working</translation>
        </message>
        <message>
            <source>degraded</source>
            <translation>degraded</translation>
        </message>
        <message>
            <source>not connected</source>
            <translation>not connected</translation>
        </message>
        <message>
            <source>fault</source>
            <translation>fault</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>yes</translation>
        </message>
        <message>
            <source>no</source>
            <translation>no</translation>
        </message>
        <message>
            <source>Technician screen</source>
            <translation>Technician screen</translation>
        </message>
        <message>
            <source>Signed in with card %1</source>
            <translation>Signed in with card %1</translation>
        </message>
        <message>
            <source>Signed in with the PIN</source>
            <translation>Signed in with the PIN</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>Sign out</source>
            <translation>Sign out</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>Terminal</translation>
        </message>
        <message>
            <source>Terminal id</source>
            <translation>Terminal id</translation>
        </message>
        <message>
            <source>Location</source>
            <translation>Location</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Version</translation>
        </message>
        <message>
            <source>Running for</source>
            <translation>Running for</translation>
        </message>
        <message>
            <source>City data hub</source>
            <translation>City data hub</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Enrolled</source>
            <translation>Enrolled</translation>
        </message>
        <message>
            <source>Answers</source>
            <translation>Answers</translation>
        </message>
        <message>
            <source>yes, in %1</source>
            <translation>yes, in %1</translation>
        </message>
        <message>
            <source>no (%1)</source>
            <translation>no (%1)</translation>
        </message>
        <message>
            <source>Clock</source>
            <translation>Clock</translation>
        </message>
        <message>
            <source>Submissions queue</source>
            <translation>Submissions queue</translation>
        </message>
        <message>
            <source>Waiting to send</source>
            <translation>Waiting to send</translation>
        </message>
        <message>
            <source>Oldest waiting</source>
            <translation>Oldest waiting</translation>
        </message>
        <message>
            <source>Need attention</source>
            <translation>Need attention</translation>
        </message>
        <message>
            <source>Sent</source>
            <translation>Sent</translation>
        </message>
        <message>
            <source>Devices</source>
            <translation>Devices</translation>
        </message>
        <message>
            <source>(required)</source>
            <translation>(required)</translation>
        </message>
        <message>
            <source>Checks</source>
            <translation>Checks</translation>
        </message>
        <message>
            <source>Print a test receipt</source>
            <translation>Print a test receipt</translation>
        </message>
        <message>
            <source>Read a card</source>
            <translation>Read a card</translation>
        </message>
        <message>
            <source>Check the camera</source>
            <translation>Check the camera</translation>
        </message>
        <message>
            <source>Working…</source>
            <translation>Working…</translation>
        </message>
        <message>
            <source>Last problems</source>
            <translation>Last problems</translation>
        </message>
        <message>
            <source>No warnings or errors since the kiosk started.</source>
            <translation>No warnings or errors since the kiosk started.</translation>
        </message>
    </context>
    <context>
        <name>TechnicianSignInScreen</name>
        <message>
            <source>Technician sign-in</source>
            <translation>Technician sign-in</translation>
        </message>
        <message>
            <source>Back to the start screen</source>
            <translation>Back to the start screen</translation>
        </message>
        <message>
            <source>Too many wrong PINs. Try again in %1 s, or use a technician card.</source>
            <translation>Too many wrong PINs. Try again in %1 s, or use a technician card.</translation>
        </message>
        <message>
            <source>Too many wrong PINs. Try again in %1 s.</source>
            <translation>Too many wrong PINs. Try again in %1 s.</translation>
        </message>
        <message>
            <source>The kiosk could not start, so technician cards cannot be checked now. Use the technician PIN.</source>
            <translation>The kiosk could not start, so technician cards cannot be checked now. Use the technician PIN.</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>Checking…</translation>
        </message>
        <message>
            <source>Insert your technician card into the card slot</source>
            <translation>Insert your technician card into the card slot</translation>
        </message>
        <message>
            <source>The city data hub checks the card. Without the hub, use the PIN.</source>
            <translation>The city data hub checks the card. Without the hub, use the PIN.</translation>
        </message>
        <message>
            <source>Or enter the technician PIN</source>
            <translation>Or enter the technician PIN</translation>
        </message>
        <message>
            <source>Enter the technician PIN</source>
            <translation>Enter the technician PIN</translation>
        </message>
    </context>
    <context>
        <name>TrackCaseScreen</name>
        <message>
            <source>Received</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Result ready</source>
            <translation>Result ready</translation>
        </message>
        <message>
            <source>Completed</source>
            <translation>Completed</translation>
        </message>
        <message>
            <source>Accepted, under review</source>
            <translation>Accepted, under review</translation>
        </message>
        <message>
            <source>Not accepted</source>
            <translation>Not accepted</translation>
        </message>
        <message>
            <source>Track a case</source>
            <translation>Track a case</translation>
        </message>
        <message>
            <source>Type the tracking code printed on your receipt, or hold the receipt's QR code up to the camera.</source>
            <translation>Type the tracking code printed on your receipt, or hold the receipt's QR code up to the camera.</translation>
        </message>
        <message>
            <source>e.g. K7Q4-M2X9-TB1C-R</source>
            <translation>e.g. K7Q4-M2X9-TB1C-R</translation>
        </message>
        <message>
            <source>Look up</source>
            <translation>Look up</translation>
        </message>
        <message>
            <source>Tracking code</source>
            <translation>Tracking code</translation>
        </message>
        <message>
            <source>Status: %1</source>
            <translation>Status: %1</translation>
        </message>
        <message>
            <source>Last update: %1</source>
            <translation>Last update: %1</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
    </context>
</TS>
